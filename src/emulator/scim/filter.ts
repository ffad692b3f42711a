import type {JsonObject, JsonValue} from '@bufbuild/protobuf'
import {attribute, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, isObject, USER_SCHEMA} from '../../shared/scim.js'
import {badRequest} from './errors.js'

// SCIM filters (RFC 7644 §3.4.2.2): `userName eq "bjensen"`, `emails[type eq "work" and value co "@x"]`,
// `not (active eq false) or title pr`. The same attribute paths and value filters appear in PATCH paths.

/** `name.givenName` → {names: ['name', 'givenName']}; schema-qualified paths keep their schema URN. */
export interface AttrPath {
  schema?: string
  names: string[]
}

type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'
type CompareValue = string | number | boolean | null

export type Filter =
  | {op: 'and' | 'or'; left: Filter; right: Filter}
  | {op: 'not'; filter: Filter}
  | {op: 'pr'; path: AttrPath}
  | {op: CompareOp; path: AttrPath; value: CompareValue}
  | {op: 'has'; path: AttrPath; filter: Filter}

const COMPARE_OPS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])
/** The schemas whose attributes sit at the top level of a resource rather than inside an extension object. */
const CORE_SCHEMAS = [USER_SCHEMA, GROUP_SCHEMA]
const KNOWN_SCHEMAS = [...CORE_SCHEMAS, ENTERPRISE_USER_SCHEMA]
/** Attributes compared case-sensitively (RFC 7643 caseExact); every other string compares regardless of case. */
const CASE_EXACT = new Set(['id', 'externalid'])

export function parseAttrPath(text: string): AttrPath {
  const lower = text.toLowerCase()
  const schema = KNOWN_SCHEMAS.find((urn) => lower === urn.toLowerCase() || lower.startsWith(`${urn.toLowerCase()}:`))
  let rest = text
  let qualifier: string | undefined
  if (schema) {
    qualifier = schema
    rest = text.slice(schema.length + 1)
  } else if (lower.startsWith('urn:')) {
    const colon = text.lastIndexOf(':')
    qualifier = text.slice(0, colon)
    rest = text.slice(colon + 1)
  }
  const names = rest === '' ? [] : rest.split('.')
  if (names.some((name) => !/^[A-Za-z$][\w$-]*$/.test(name)))
    throw badRequest('invalidPath', `invalid attribute path ${text}`)
  const inCore = qualifier === undefined || CORE_SCHEMAS.some((urn) => urn.toLowerCase() === qualifier.toLowerCase())
  return inCore ? {names} : {schema: qualifier, names}
}

/** Parses a filter, answering 400 invalidFilter for anything it cannot read. */
export function parseFilter(text: string): Filter {
  const parser = new FilterParser(tokenize(text), text)
  const filter = parser.or()
  parser.expectEnd()
  return filter
}

/** Whether `resource` matches; multi-valued attributes match when any of their values does. */
export function matches(filter: Filter, resource: JsonObject): boolean {
  switch (filter.op) {
    case 'and':
      return matches(filter.left, resource) && matches(filter.right, resource)
    case 'or':
      return matches(filter.left, resource) || matches(filter.right, resource)
    case 'not':
      return !matches(filter.filter, resource)
    case 'pr':
      return valuesAt(resource, filter.path).some((value) => value !== null && value !== '')
    case 'has':
      return valuesAt(resource, filter.path).some((value) => isObject(value) && matches(filter.filter, value))
    case 'ne':
      return !valuesAt(resource, filter.path).some((value) => compare('eq', filter.path, value, filter.value))
    default:
      return valuesAt(resource, filter.path).some((value) => compare(filter.op, filter.path, value, filter.value))
  }
}

/** A filter that is exactly `<attribute> eq "<string>"`: the value, for an index lookup. */
export function equalityValue(filter: Filter, attributeName: string): string | undefined {
  if (filter.op !== 'eq' || typeof filter.value !== 'string' || filter.path.schema) return undefined
  const [name, ...rest] = filter.path.names
  return rest.length === 0 && name?.toLowerCase() === attributeName.toLowerCase() ? filter.value : undefined
}

/** The attribute/value pairs a filter of `eq` comparisons joined by `and` pins down (to create a missing entry). */
export function equalities(filter: Filter): Array<[string, CompareValue]> | undefined {
  if (filter.op === 'and') {
    const left = equalities(filter.left)
    const right = equalities(filter.right)
    return left && right ? [...left, ...right] : undefined
  }
  if (filter.op === 'eq' && filter.path.names.length === 1 && !filter.path.schema) {
    return [[filter.path.names[0]!, filter.value]]
  }
  return undefined
}

/** The values at `path`; arrays are flattened, and a complex entry stands for its `value` when compared. */
function valuesAt(resource: JsonObject, path: AttrPath): JsonValue[] {
  const root = path.schema ? attribute(resource, path.schema) : resource
  let current: JsonValue[] = root === undefined ? [] : [root]
  for (const name of path.names) {
    current = current.flatMap((value) => {
      const next = isObject(value) ? attribute(value, name) : undefined
      if (next === undefined) return []
      return Array.isArray(next) ? next : [next]
    })
  }
  return current
}

function compare(op: CompareOp, path: AttrPath, actual: JsonValue, expected: CompareValue): boolean {
  if (isObject(actual)) {
    const value = attribute(actual, 'value')
    return value !== undefined && !isObject(value) && compare(op, path, value, expected)
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    const exact = CASE_EXACT.has(path.names.at(-1)?.toLowerCase() ?? '')
    const a = exact ? actual : actual.toLowerCase()
    const b = exact ? expected : expected.toLowerCase()
    switch (op) {
      case 'eq':
      case 'ne':
        return a === b
      case 'co':
        return a.includes(b)
      case 'sw':
        return a.startsWith(b)
      case 'ew':
        return a.endsWith(b)
      case 'gt':
        return a > b
      case 'ge':
        return a >= b
      case 'lt':
        return a < b
      case 'le':
        return a <= b
    }
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    const ordered = {gt: actual > expected, ge: actual >= expected, lt: actual < expected, le: actual <= expected}
    if (op in ordered) return ordered[op as keyof typeof ordered]
  }
  return (op === 'eq' || op === 'ne') && actual === expected
}

type Token = {kind: 'word'; text: string} | {kind: 'string'; text: string} | {kind: 'punct'; text: string}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const source = text.trimEnd()
  const pattern = /\s*(?:("(?:[^"\\]|\\.)*")|([()[\]])|([^\s()[\]"]+))/y
  while (pattern.lastIndex < source.length) {
    const match = pattern.exec(source)
    if (!match) throw badRequest('invalidFilter', `cannot read the filter ${JSON.stringify(text)}`)
    if (match[1] !== undefined) {
      let value: string
      try {
        value = JSON.parse(match[1]) as string
      } catch {
        throw badRequest('invalidFilter', `invalid string ${match[1]} in the filter`)
      }
      tokens.push({kind: 'string', text: value})
    } else if (match[2] !== undefined) {
      tokens.push({kind: 'punct', text: match[2]})
    } else {
      tokens.push({kind: 'word', text: match[3]!})
    }
  }
  return tokens
}

/** Recursive descent over `or` (loosest), `and`, then `not`, parentheses and attribute expressions. */
class FilterParser {
  private at = 0

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  or(): Filter {
    let left = this.and()
    while (this.keyword('or')) left = {op: 'or', left, right: this.and()}
    return left
  }

  expectEnd(): void {
    if (this.at < this.tokens.length) this.fail()
  }

  private and(): Filter {
    let left = this.unary()
    while (this.keyword('and')) left = {op: 'and', left, right: this.unary()}
    return left
  }

  private unary(): Filter {
    if (this.keyword('not')) {
      this.punct('(')
      const filter = this.or()
      this.punct(')')
      return {op: 'not', filter}
    }
    if (this.peek()?.text === '(' && this.peek()?.kind === 'punct') {
      this.at++
      const filter = this.or()
      this.punct(')')
      return filter
    }
    const token = this.next()
    if (token?.kind !== 'word') this.fail()
    const path = parseAttrPath(token.text)
    if (this.peek()?.kind === 'punct' && this.peek()?.text === '[') {
      this.at++
      const filter = this.or()
      this.punct(']')
      return {op: 'has', path, filter}
    }
    const op = this.next()
    const name = op?.kind === 'word' ? op.text.toLowerCase() : ''
    if (name === 'pr') return {op: 'pr', path}
    if (!COMPARE_OPS.has(name)) this.fail()
    return {op: name as CompareOp, path, value: this.value()}
  }

  private value(): CompareValue {
    const token = this.next()
    if (token?.kind === 'string') return token.text
    if (token?.kind === 'word') {
      const word = token.text.toLowerCase()
      if (word === 'true' || word === 'false') return word === 'true'
      if (word === 'null') return null
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text)
    }
    return this.fail()
  }

  private keyword(word: string): boolean {
    const token = this.peek()
    if (token?.kind !== 'word' || token.text.toLowerCase() !== word) return false
    this.at++
    return true
  }

  private punct(text: string): void {
    const token = this.next()
    if (token?.kind !== 'punct' || token.text !== text) this.fail()
  }

  private peek(): Token | undefined {
    return this.tokens[this.at]
  }

  private next(): Token | undefined {
    return this.tokens[this.at++]
  }

  private fail(): never {
    throw badRequest('invalidFilter', `cannot read the filter ${JSON.stringify(this.source)}`)
  }
}
