import type {OrganizationRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {type BuiltEvent, buildEvent, EVENT_TYPES, isCatalogued} from './catalog.js'

/** Bad input to `POST /_emulator/trigger`; `code` is the admin API's error code. */
export class TriggerRequestError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_request' | 'not_found' | 'unknown_event_type' = 'invalid_request',
  ) {
    super(message)
  }
}

/** One `--set path=value`: a dotted path into the event's data (`user.email`, `roles.0.role_name`). */
export interface DataOverride {
  path: string
  value: unknown
}

const MAX_OVERRIDES = 100
const MAX_PATH_LENGTH = 200
/** Writing these would reach an object's prototype instead of a field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * `{type, organization?, data?, set?}`: an event of a type Scalekit sends, about the organization named by id or
 * external id (the first one when none is named), its data built from the emulator's records — or `data` as
 * given —, then each `set` override applied in order.
 */
export function triggerEvent(store: Store, body: unknown): BuiltEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TriggerRequestError('the body must be a JSON object: {"type", "organization", "data", "set"}')
  }
  const {type, organization: reference, data, set = []} = body as Record<string, unknown>
  if (typeof type !== 'string' || !isCatalogued(type)) {
    throw new TriggerRequestError(
      `${JSON.stringify(type)} is not an event type Scalekit sends; one of: ${EVENT_TYPES.join(', ')}`,
      'unknown_event_type',
    )
  }
  if (reference !== undefined && typeof reference !== 'string') {
    throw new TriggerRequestError('organization must be an id or external id')
  }
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new TriggerRequestError('data must be a JSON object')
  }
  const overrides = checkOverrides(set)
  const organization = findOrganization(store, reference)
  const built = buildEvent(store, organization, type)
  if (data !== undefined) built.event.data = structuredClone(data as Record<string, unknown>)
  for (const {path, value} of overrides) setPath(built.event.data, path, value)
  return built
}

function findOrganization(store: Store, reference: string | undefined): OrganizationRecord {
  if (reference === undefined || reference === '') {
    for (const organization of store.organizations.values()) return organization
    throw new TriggerRequestError('the emulator holds no organization', 'not_found')
  }
  const organization = store.organizations.get(reference) ?? store.organizations.getBy('externalId', reference)
  if (!organization) throw new TriggerRequestError(`organization ${reference} not found`, 'not_found')
  return organization
}

function checkOverrides(set: unknown): DataOverride[] {
  if (!Array.isArray(set)) throw new TriggerRequestError('set must be a list of {"path", "value"}')
  if (set.length > MAX_OVERRIDES) throw new TriggerRequestError(`set holds more than ${MAX_OVERRIDES} overrides`)
  return set.map((entry: unknown) => {
    const {path, value} = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    if (typeof path !== 'string' || path === '' || path.length > MAX_PATH_LENGTH) {
      throw new TriggerRequestError('each set entry needs a path: a dotted path such as user.email')
    }
    const segments = path.split('.')
    if (segments.some((segment) => segment === '')) throw new TriggerRequestError(`${path} has an empty segment`)
    const forbidden = segments.find((segment) => FORBIDDEN_KEYS.has(segment))
    if (forbidden) throw new TriggerRequestError(`${path}: "${forbidden}" cannot be set`)
    return {path, value}
  })
}

/**
 * Sets `path` in `target`, creating objects along the way; a numeric segment indexes an existing list. A path that
 * runs through a text, number or boolean is refused rather than replacing it.
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.')
  let node: unknown = target
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    const at = segments.slice(0, i).join('.') || 'data'
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment) || Number(segment) > node.length) {
        throw new TriggerRequestError(
          `${path}: ${at} is a list of ${node.length}; use an index from 0 to ${node.length}`,
        )
      }
      if (last) node[Number(segment)] = value
      else node = node[Number(segment)] ??= {}
      continue
    }
    if (typeof node !== 'object' || node === null) {
      throw new TriggerRequestError(`${path}: ${at} is ${node === null ? 'null' : `a ${typeof node}`}, not an object`)
    }
    const object = node as Record<string, unknown>
    if (last) object[segment] = value
    else node = Object.hasOwn(object, segment) && object[segment] !== null ? object[segment] : (object[segment] = {})
  }
}
