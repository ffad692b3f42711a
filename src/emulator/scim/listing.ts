import type {JsonObject} from '@bufbuild/protobuf'
import {keyOf} from '../../shared/scim.js'
import {badRequest} from './errors.js'

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
/** The most resources one list answer holds; a larger `count` gets this many (RFC 7644 §3.4.2.4 allows fewer). */
export const MAX_COUNT = 100

/** Attributes every representation keeps, whatever `excludedAttributes` says (RFC 7643 "returned: always"). */
const ALWAYS_RETURNED = new Set(['id', 'schemas', 'meta'])

export interface PageParams {
  /** 1-based. */
  startIndex: number
  count: number
}

/** `startIndex` and `count` as RFC 7644 §3.4.2.4 reads them: below 1 is 1, a negative count is 0. */
export function pageParams(query: URLSearchParams): PageParams {
  const number = (name: string, fallback: number) => {
    const raw = query.get(name)
    if (raw === null || raw === '') return fallback
    if (!/^-?\d+$/.test(raw)) throw badRequest('invalidValue', `${name} must be an integer`)
    return Number(raw)
  }
  return {
    startIndex: Math.max(1, number('startIndex', 1)),
    count: Math.min(MAX_COUNT, Math.max(0, number('count', MAX_COUNT))),
  }
}

export function listResponse(resources: JsonObject[], totalResults: number, startIndex: number): JsonObject {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}

/** Drops the top-level attributes named in `excludedAttributes` (Entra ID asks for groups without members). */
export function withoutExcluded(resource: JsonObject, query: URLSearchParams): JsonObject {
  const excluded = (query.get('excludedAttributes') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name && !ALWAYS_RETURNED.has(name.toLowerCase()))
  if (excluded.length === 0) return resource
  const copy = {...resource}
  for (const name of excluded) {
    const key = keyOf(copy, name)
    if (key !== undefined) delete copy[key]
  }
  return copy
}
