import {
  type DescField,
  type DescMessage,
  fromJson,
  type JsonObject,
  type JsonValue,
  type Message,
  ScalarType,
} from '@bufbuild/protobuf'
import {invalidArgument} from '../rpc/errors.js'
import type {RouteMatch} from './route-table.js'

/**
 * Builds the request message the way grpc-gateway does: the body goes to the field the rule names (or is the
 * whole request for `*`), query parameters fill other fields (snake_case or lowerCamel, `a.b` for nested, repeated
 * by repetition), and path parameters win over both.
 */
export function restRequestMessage({route, pathParams}: RouteMatch, query: URLSearchParams, body?: JsonValue): Message {
  const schema = route.method.input
  let json: JsonObject = {}
  if (route.body === '*') {
    if (body !== undefined && !isJsonObject(body)) throw invalidArgument('request body must be a JSON object')
    json = body ?? {}
  } else {
    if (route.body && body !== undefined) setPath(json, route.body.split('.'), body)
    addQueryParams(json, schema, query, route.body)
  }
  for (const [fieldPath, value] of pathParams) setPath(json, fieldPath.split('.'), value)
  try {
    return fromJson(schema, json, {ignoreUnknownFields: true})
  } catch (error) {
    throw invalidArgument((error as Error).message)
  }
}

function addQueryParams(json: JsonObject, schema: DescMessage, query: URLSearchParams, bodyField: string): void {
  for (const key of new Set(query.keys())) {
    const fields = resolveFieldPath(schema, key.split('.'))
    const field = fields?.at(-1)
    // Unknown names are ignored, like unknown JSON fields; the body field cannot be set from the query.
    if (!fields || !field || fields[0]?.name === bodyField) continue
    const values = query.getAll(key).map((value) => queryValue(field, value))
    const names = fields.map((f) => f.name)
    if (field.fieldKind === 'list') setPath(json, names, values)
    else if (field.fieldKind !== 'map') setPath(json, names, values.at(-1)!)
  }
}

/** Resolves `a.b` through nested message fields; names may be proto (snake_case) or JSON (lowerCamel). */
function resolveFieldPath(schema: DescMessage, names: string[]): DescField[] | undefined {
  const path: DescField[] = []
  let message: DescMessage | undefined = schema
  for (const name of names) {
    const field: DescField | undefined = message?.fields.find((f) => f.name === name || f.jsonName === name)
    if (!field) return undefined
    path.push(field)
    message = field.fieldKind === 'message' ? field.message : undefined
  }
  return path
}

/** Query strings are text; protobuf JSON wants booleans and enum numbers as JSON values. */
function queryValue(field: DescField, text: string): JsonValue {
  const kind = field.fieldKind === 'list' ? field.listKind : field.fieldKind
  const scalar = field.fieldKind === 'list' || field.fieldKind === 'scalar' ? field.scalar : undefined
  if (scalar === ScalarType.BOOL && (text === 'true' || text === 'false')) return text === 'true'
  if (kind === 'enum' && /^-?\d+$/.test(text)) return Number(text)
  return text
}

function setPath(json: JsonObject, names: string[], value: JsonValue): void {
  let target = json
  for (const name of names.slice(0, -1)) {
    const next = target[name]
    if (isJsonObject(next)) {
      target = next
    } else {
      const created: JsonObject = {}
      target[name] = created
      target = created
    }
  }
  target[names.at(-1)!] = value
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
