import type {JsonObject} from '@bufbuild/protobuf'
import type {EmulatorEvent} from '../events/bus.js'
import type {DirectoryRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {attribute, isObject} from '../../shared/scim.js'
import {badRequest, resourceNotFound, ScimError} from './errors.js'
import {equalityValue, type Filter, matches, parseFilter} from './filter.js'
import {listResponse, pageParams, withoutExcluded} from './listing.js'
import {applyPatch} from './patch.js'

/** One authenticated SCIM request against one directory. */
export interface ScimContext {
  store: Store
  directory: DirectoryRecord
  /** `<origin>/directory/<id>/scim/v2`: the base of `meta.location` and `$ref`. */
  base: string
  /**
   * Runs `write` so its store mutations are persisted together, stamps the directory's last sync, then emits the
   * events it returns (after the write succeeded, never for a refused one).
   */
  commit<T extends {events: EmulatorEvent[]}>(write: () => T): T
}

export interface ScimAnswer {
  status: number
  body?: JsonObject
  headers?: Record<string, string>
}

/** What stored directory users and groups have in common. */
export interface ProvisionedRecord {
  id: string
  directoryId: string
  createTime: number
  updateTime: number
}

/**
 * How one SCIM resource type (User, Group) maps onto its records. The generic operations below do the HTTP-level
 * work (lookup, listing, filtering, paging, PATCH) once for both.
 */
export interface ResourceType<R extends ProvisionedRecord, P> {
  name: 'User' | 'Group'
  endpoint: 'Users' | 'Groups'
  /** The attribute unique per directory, and the name of the store index that enforces it. */
  uniqueAttribute: 'userName' | 'displayName'
  /** Attributes the server owns: dropped from requests, skipped in PATCH. */
  readOnly: readonly string[]
  byId(store: Store, id: string): R | undefined
  /** The record of the directory whose unique attribute has this value, in any case. */
  byUniqueValue(store: Store, directoryId: string, value: string): R | undefined
  inDirectory(store: Store, directoryId: string): R[]
  /** Reads and checks a full resource from a request body (POST, PUT, or a PATCH result). */
  parse(context: ScimContext, body: JsonObject): P
  /** The parsed resource's value of `uniqueAttribute`. */
  uniqueValue(parsed: P): string
  /** The resource PATCH operations apply to: what `parse` reads back. */
  writable(context: ScimContext, record: R): JsonObject
  /**
   * Creates (no `previous`) or replaces a record, its uniqueness already checked; unchanged input writes nothing
   * and raises no event.
   */
  save(context: ScimContext, previous: R | undefined, parsed: P): {record: R; events: EmulatorEvent[]}
  remove(context: ScimContext, record: R): EmulatorEvent[]
  render(context: ScimContext, record: R): JsonObject
}

export function find<R extends ProvisionedRecord, P>(context: ScimContext, type: ResourceType<R, P>, id: string): R {
  const record = type.byId(context.store, id)
  if (record?.directoryId !== context.directory.id) throw resourceNotFound(type.name, id)
  return record
}

export function location(context: ScimContext, endpoint: 'Users' | 'Groups', id: string): string {
  return `${context.base}/${endpoint}/${id}`
}

export function meta<R extends ProvisionedRecord, P>(context: ScimContext, type: ResourceType<R, P>, record: R) {
  return {
    resourceType: type.name,
    created: new Date(record.createTime).toISOString(),
    lastModified: new Date(record.updateTime).toISOString(),
    location: location(context, type.endpoint, record.id),
  }
}

export function list<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  query: URLSearchParams,
): ScimAnswer {
  const {startIndex, count} = pageParams(query)
  const filterText = query.get('filter')
  const filter = filterText ? parseFilter(filterText) : undefined
  const records = candidates(context, type, filter)
  // Filters apply to the representation; without one, only the page is rendered.
  const matching = filter ? records.filter((record) => matches(filter, type.render(context, record))) : records
  const page = matching
    .slice(startIndex - 1, startIndex - 1 + count)
    .map((record) => withoutExcluded(type.render(context, record), query))
  return {status: 200, body: listResponse(page, matching.length, startIndex)}
}

/** Records a filter could match: one index lookup for `<unique attribute> eq "…"` (what IdPs send before a create). */
function candidates<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  filter?: Filter,
): R[] {
  const unique = filter && equalityValue(filter, type.uniqueAttribute)
  if (unique !== undefined) {
    const record = type.byUniqueValue(context.store, context.directory.id, unique)
    return record ? [record] : []
  }
  return type.inDirectory(context.store, context.directory.id)
}

export function get<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  id: string,
  query: URLSearchParams,
): ScimAnswer {
  return {status: 200, body: withoutExcluded(type.render(context, find(context, type, id)), query)}
}

export function create<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  body: JsonObject,
) {
  const record = write(context, type, undefined, type.parse(context, withoutReadOnly(type, body)))
  return {
    status: 201,
    body: type.render(context, record),
    headers: {location: location(context, type.endpoint, record.id)},
  } satisfies ScimAnswer
}

export function replace<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  id: string,
  body: JsonObject,
): ScimAnswer {
  const previous = find(context, type, id)
  return saved(context, type, previous, type.parse(context, withoutReadOnly(type, body)))
}

export function patch<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  id: string,
  body: JsonObject,
): ScimAnswer {
  const previous = find(context, type, id)
  const patched = applyPatch(type.writable(context, previous), body, type.readOnly)
  return saved(context, type, previous, type.parse(context, patched))
}

export function remove<R extends ProvisionedRecord, P>(context: ScimContext, type: ResourceType<R, P>, id: string) {
  const record = find(context, type, id)
  context.commit(() => ({events: type.remove(context, record)}))
  return {status: 204} satisfies ScimAnswer
}

function saved<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  previous: R,
  parsed: P,
): ScimAnswer {
  return {status: 200, body: type.render(context, write(context, type, previous, parsed))}
}

/** Saves a parsed resource whose unique attribute is free in the directory (409 uniqueness otherwise). */
function write<R extends ProvisionedRecord, P>(
  context: ScimContext,
  type: ResourceType<R, P>,
  previous: R | undefined,
  parsed: P,
): R {
  const value = type.uniqueValue(parsed)
  const owner = type.byUniqueValue(context.store, context.directory.id, value)
  if (owner && owner.id !== previous?.id) {
    throw new ScimError(409, `${type.uniqueAttribute} ${value} is already taken in this directory`, 'uniqueness')
  }
  return context.commit(() => type.save(context, previous, parsed)).record
}

/** The body without the attributes the server owns (identity providers echo `id` and `meta` back). */
function withoutReadOnly<R extends ProvisionedRecord, P>(type: ResourceType<R, P>, body: JsonObject): JsonObject {
  const owned = new Set(type.readOnly.map((name) => name.toLowerCase()))
  return Object.fromEntries(Object.entries(body).filter(([key]) => !owned.has(key.toLowerCase())))
}

/** Checks that a body declares the resource's core schema, as RFC 7643 §3 requires. */
export function requireSchema(body: JsonObject, schema: string): void {
  const schemas = attribute(body, 'schemas')
  const declared =
    Array.isArray(schemas) &&
    schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === schema.toLowerCase())
  if (!declared) throw badRequest('invalidSyntax', `the resource must list "${schema}" in "schemas"`)
}

/** A JSON request body that is an object, or 400 invalidSyntax. */
export function parseBody(raw: Buffer): JsonObject {
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    throw badRequest('invalidSyntax', 'the request body is not valid JSON')
  }
  if (!isObject(body as JsonObject)) throw badRequest('invalidSyntax', 'the request body must be a JSON object')
  return body as JsonObject
}
