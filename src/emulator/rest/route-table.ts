import type {DescMethodUnary} from '@bufbuild/protobuf'
import {httpBindings} from '../rpc/method-options.js'
import type {ServiceDefinition} from '../rpc/service-definition.js'

export interface RestRoute {
  verb: string
  template: string
  /** `*`, a request field name, or empty. */
  body: string
  method: DescMethodUnary
  /** Request field paths (`id`, `organization_id`, `a.b`) captured by the template, in order. */
  fields: string[]
  pattern: RegExp
  /** Literal characters in the template: more literal templates win over more general ones. */
  specificity: number
}

export interface RouteMatch {
  route: RestRoute
  /** Field path -> URL-decoded value. */
  pathParams: Map<string, string>
}

const VARIABLE = /\{([^}=]+)(?:=([^}]*))?\}/g

/** Every `google.api.http` binding of every registered service, matched against request paths. */
export class RestRouteTable {
  private readonly routes: RestRoute[]

  constructor(services: readonly ServiceDefinition[]) {
    this.routes = services
      .flatMap(({service}) => service.methods)
      .filter((method): method is DescMethodUnary => method.methodKind === 'unary')
      .flatMap((method) => httpBindings(method).map((binding) => ({...binding, method})))
      .map(({verb, path, body, method}) => ({verb, template: path, body, method, ...compileTemplate(path)}))
      .sort((a, b) => b.specificity - a.specificity)
  }

  /** Matches the raw (still percent-encoded) path so an encoded `/` stays inside its segment. */
  match(verb: string, rawPath: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.verb !== verb) continue
      const captures = route.pattern.exec(rawPath)
      if (!captures) continue
      const values = captures.slice(1).map(safeDecode)
      if (values.some((value) => value === undefined)) continue
      return {route, pathParams: new Map(route.fields.map((field, i) => [field, values[i]!]))}
    }
    return undefined
  }
}

/**
 * `/api/v1/organizations/{id}:enable` -> /^\/api\/v1\/organizations\/([^/]+):enable$/. A variable matches one
 * segment unless its template (`{name=**}` or `{name=a/*}`) spans several.
 */
function compileTemplate(template: string): {fields: string[]; pattern: RegExp; specificity: number} {
  const fields: string[] = []
  let source = ''
  let specificity = 0
  let last = 0
  for (const variable of template.matchAll(VARIABLE)) {
    const literal = template.slice(last, variable.index)
    source += escapeRegExp(literal)
    specificity += literal.length
    fields.push(variable[1]!)
    const segments = variable[2] ?? '*'
    source += segments === '*' ? '([^/]+)' : '(.+)'
    last = variable.index + variable[0].length
  }
  const tail = template.slice(last)
  source += escapeRegExp(tail)
  specificity += tail.length
  return {fields, pattern: new RegExp(`^${source}$`), specificity}
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}
