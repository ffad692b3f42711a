import type {JsonObject, JsonValue} from '@bufbuild/protobuf'
import {
  attribute,
  clone,
  ENTERPRISE_USER_SCHEMA,
  isObject,
  PATCH_OP_SCHEMA,
  removeAttribute,
  sameJson,
  setAttribute,
  text,
} from '../../shared/scim.js'
import {badRequest} from './errors.js'
import {type AttrPath, equalities, type Filter, matches, parseAttrPath, parseFilter} from './filter.js'

type Op = 'add' | 'replace' | 'remove'

/** `emails[type eq "work"].value` → the attribute, the entry filter and the sub-attribute. */
interface PatchPath {
  attr: AttrPath
  filter?: Filter
  sub?: string
}

/**
 * Applies a PatchOp request (RFC 7644 §3.5.2) to a copy of `resource`, the way Okta and Entra ID send them:
 * operation names in any case, operations without a path whose value holds attributes (or attribute paths, or
 * extension objects), value filters in paths (`members[value eq "…"]`), and Entra's removal of multi-valued
 * entries listed in `value`. Attributes in `ignored` (read-only ones like `id`) are skipped rather than refused,
 * because identity providers echo them back.
 */
export function applyPatch(resource: JsonObject, request: JsonObject, ignored: readonly string[]): JsonObject {
  const schemas = attribute(request, 'schemas')
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_SCHEMA)) {
    throw badRequest('invalidSyntax', `a PATCH body needs "schemas": ["${PATCH_OP_SCHEMA}"]`)
  }
  const operations = attribute(request, 'Operations')
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', 'a PATCH body needs a non-empty "Operations" array')
  }
  const patched = clone(resource)
  const skip = new Set([...ignored, 'schemas'].map((name) => name.toLowerCase()))
  for (const operation of operations) applyOperation(patched, operation, skip)
  return patched
}

function applyOperation(resource: JsonObject, operation: JsonValue, skip: Set<string>): void {
  if (!isObject(operation)) throw badRequest('invalidSyntax', 'each PATCH operation must be an object')
  const op = text(operation, 'op')?.toLowerCase()
  if (op !== 'add' && op !== 'replace' && op !== 'remove') {
    throw badRequest('invalidSyntax', `unknown PATCH op ${JSON.stringify(attribute(operation, 'op') ?? null)}`)
  }
  const path = attribute(operation, 'path')
  const value = attribute(operation, 'value')
  if (typeof path === 'string' && path.trim() !== '') {
    applyAt(resource, parsePatchPath(path.trim()), op, value, skip)
    return
  }
  if (path !== undefined && path !== null && path !== '') throw badRequest('invalidPath', 'path must be a string')
  if (op === 'remove') throw badRequest('noTarget', 'a remove operation needs a path')
  if (!isObject(value)) throw badRequest('invalidValue', `an ${op} operation without a path needs an object value`)
  for (const [key, item] of Object.entries(value)) {
    // An extension object (`"urn:…:enterprise:2.0:User": {"department": …}`) applies attribute by attribute.
    if (key.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase() && isObject(item)) {
      for (const [name, inner] of Object.entries(item)) {
        applyAt(resource, parsePatchPath(`${ENTERPRISE_USER_SCHEMA}:${name}`), op, inner, skip)
      }
    } else {
      applyAt(resource, parsePatchPath(key), op, item, skip)
    }
  }
}

function parsePatchPath(path: string): PatchPath {
  const open = path.indexOf('[')
  if (open < 0) return {attr: parseAttrPath(path)}
  const close = path.lastIndexOf(']')
  const after = path.slice(close + 1)
  if (close < open || (after !== '' && !/^\.[A-Za-z$][\w$-]*$/.test(after))) {
    throw badRequest('invalidPath', `invalid path ${path}`)
  }
  const attr = parseAttrPath(path.slice(0, open))
  if (attr.names.length !== 1) throw badRequest('invalidPath', `invalid path ${path}`)
  return {attr, filter: parseFilter(path.slice(open + 1, close)), ...(after ? {sub: after.slice(1)} : {})}
}

function applyAt(resource: JsonObject, path: PatchPath, op: Op, value: JsonValue | undefined, skip: Set<string>) {
  const {schema, names} = path.attr
  if (!schema && skip.has(names[0]?.toLowerCase() ?? '')) return
  if (op !== 'remove' && value === undefined) throw badRequest('invalidValue', `an ${op} operation needs a value`)
  const create = op !== 'remove'
  if (names.length === 0) {
    // The path is an extension schema itself: the whole extension object is the target.
    if (op === 'remove') removeAttribute(resource, schema!)
    else setValue(resource, schema!, op, value!)
    return
  }
  if (names.length > 2) throw badRequest('invalidPath', `attribute paths go at most one level deep: ${names.join('.')}`)
  const container = schema ? objectAt(resource, schema, create) : resource
  const parent = container && names.length === 2 ? objectAt(container, names[0]!, create) : container
  if (!parent) return
  const key = names.at(-1)!
  if (path.filter) applyToEntries(parent, key, path, op, value)
  else if (op === 'remove') removeValue(parent, key, value)
  else setValue(parent, key, op, value!)
}

/** The complex attribute `name` of `object`, created empty when missing and `create` is set. */
function objectAt(object: JsonObject, name: string, create: boolean): JsonObject | undefined {
  const current = attribute(object, name)
  if (isObject(current)) return current
  if (current !== undefined && current !== null) {
    throw badRequest('invalidPath', `${name} is not a complex attribute; select entries with a filter`)
  }
  if (!create) return undefined
  const created: JsonObject = {}
  setAttribute(object, name, created)
  return created
}

function setValue(parent: JsonObject, key: string, op: Exclude<Op, 'remove'>, value: JsonValue): void {
  const current = attribute(parent, key)
  if (op === 'add' && (Array.isArray(current) || Array.isArray(value))) {
    const additions = Array.isArray(value) ? value : [value]
    const entries = Array.isArray(current) ? [...current] : []
    for (const entry of additions) if (!entries.some((existing) => sameEntry(existing, entry))) entries.push(entry)
    setAttribute(parent, key, entries)
  } else if (isObject(current) && isObject(value)) {
    // Sub-attributes the value does not name are left as they are (RFC 7644 §3.5.2.1 and §3.5.2.3).
    for (const [name, inner] of Object.entries(value)) setAttribute(current, name, inner)
  } else {
    setAttribute(parent, key, value)
  }
}

/** Removes the attribute, or — Entra ID's way — only the entries of a multi-valued attribute listed in `value`. */
function removeValue(parent: JsonObject, key: string, value: JsonValue | undefined): void {
  const current = attribute(parent, key)
  if (value === undefined || value === null || !Array.isArray(current)) {
    removeAttribute(parent, key)
    return
  }
  const doomed = Array.isArray(value) ? value : [value]
  setOrRemove(
    parent,
    key,
    current.filter((entry) => !doomed.some((item) => sameEntry(entry, item))),
  )
}

function applyToEntries(parent: JsonObject, key: string, path: PatchPath, op: Op, value: JsonValue | undefined) {
  const current = attribute(parent, key)
  const entries = Array.isArray(current) ? current : []
  const hit = (entry: JsonValue) => matches(path.filter!, isObject(entry) ? entry : {value: entry})
  const targets = entries.filter((entry) => hit(entry))
  if (op === 'remove') {
    if (path.sub) for (const target of targets.filter(isObject)) removeAttribute(target, path.sub)
    else
      setOrRemove(
        parent,
        key,
        entries.filter((entry) => !hit(entry)),
      )
    return
  }
  if (targets.length === 0) {
    // Entra ID replaces `emails[type eq "work"].value` on users that have no work email yet: add that entry.
    const pinned = equalities(path.filter!)
    if (!pinned) throw badRequest('noTarget', `no ${key} entry matches the filter`)
    const entry: JsonObject = Object.fromEntries(pinned)
    if (path.sub) entry[path.sub] = value!
    else if (isObject(value)) Object.assign(entry, value)
    else throw badRequest('invalidValue', `the value for ${key}[…] must be an object`)
    setAttribute(parent, key, [...entries, entry])
    return
  }
  for (const target of targets.filter(isObject)) {
    if (path.sub) setAttribute(target, path.sub, value!)
    else if (isObject(value)) for (const [name, inner] of Object.entries(value)) setAttribute(target, name, inner)
    else throw badRequest('invalidValue', `the value for ${key}[…] must be an object`)
  }
}

function setOrRemove(parent: JsonObject, key: string, entries: JsonValue[]): void {
  if (entries.length > 0) setAttribute(parent, key, entries)
  else removeAttribute(parent, key)
}

/** Entries of multi-valued attributes are the same when their `value`s are (members, emails), else when equal. */
function sameEntry(a: JsonValue, b: JsonValue): boolean {
  const valueA = isObject(a) ? attribute(a, 'value') : undefined
  const valueB = isObject(b) ? attribute(b, 'value') : undefined
  if (valueA !== undefined && valueB !== undefined) return sameJson(valueA, valueB)
  return sameJson(a, b)
}
