import type {JsonObject, JsonValue} from '@bufbuild/protobuf'

import {attribute, booleanOf, isObject, PATCH_OP_SCHEMA, text} from '../shared/scim.js'
import type {ScimMethod} from './client.js'
import {type DesiredGroup, type DesiredUser, nameKey} from './model.js'

// What an identity provider's push does to each resource, decided from the file and what a lookup found. Pure, so
// a dry run prints exactly what a push would send.

export interface PlannedRequest {
  method: Exclude<ScimMethod, 'GET'>
  /** Relative to the SCIM endpoint: `/Users`, `/Users/<id>`, `/Groups/<id>`. */
  path: string
  body?: JsonObject
}

export type UserChange = 'create' | 'deactivate' | 'reactivate' | 'unchanged' | 'update'

export interface UserPlan {
  change: UserChange
  requests: PlannedRequest[]
  /** The attributes of the file that the directory holds differently (`name.givenName`, `emails`, …). */
  differences: string[]
}

/** A member as sent in `members`: the user's SCIM id, and its userName for `display`. */
export interface Member {
  id: string
  display: string
}

export interface GroupPlan {
  change: 'create' | 'unchanged' | 'update'
  requests: PlannedRequest[]
  added: Member[]
  removed: string[]
}

/**
 * A user absent from the directory is created (POST). Otherwise a profile that differs is replaced (PUT, keeping
 * the user's current activation) and a change of activation is a PATCH of `active` alone, which is how Okta and
 * Entra ID deprovision and restore users.
 */
export function planUser(desired: DesiredUser, existing: JsonObject | undefined): UserPlan {
  if (!existing) {
    return {
      change: 'create',
      requests: [{method: 'POST', path: '/Users', body: {...desired.resource, active: desired.active}}],
      differences: [],
    }
  }
  const path = `/Users/${encodeURIComponent(text(existing, 'id') ?? '')}`
  const wasActive = booleanOf(attribute(existing, 'active')) ?? true
  const differences = differencesOf(desired.resource, existing)
  const requests: PlannedRequest[] = []
  if (differences.length > 0) requests.push({method: 'PUT', path, body: {...desired.resource, active: wasActive}})
  if (wasActive !== desired.active) {
    requests.push({method: 'PATCH', path, body: patchOps({op: 'replace', value: {active: desired.active}})})
  }
  const change: UserChange =
    wasActive !== desired.active
      ? desired.active
        ? 'reactivate'
        : 'deactivate'
      : differences.length > 0
        ? 'update'
        : 'unchanged'
  return {change, requests, differences}
}

/**
 * A group absent from the directory is created with its members (POST). Otherwise its members become exactly
 * `members`: one PATCH that adds the missing ones and removes the others by `members[value eq "…"]`, as Okta's
 * group push does.
 */
export function planGroup(desired: DesiredGroup, members: Member[], existing: JsonObject | undefined): GroupPlan {
  const value = (member: Member) => ({value: member.id, display: member.display})
  if (!existing) {
    return {
      change: 'create',
      requests: [{method: 'POST', path: '/Groups', body: {...desired.resource, members: members.map(value)}}],
      added: members,
      removed: [],
    }
  }
  const current = memberIds(existing)
  const wanted = new Set(members.map((m) => m.id))
  const added = members.filter((m) => !current.includes(m.id))
  const removed = current.filter((id) => !wanted.has(id))
  const operations: JsonObject[] = []
  if (added.length > 0) operations.push({op: 'add', path: 'members', value: added.map(value)})
  for (const id of removed) operations.push({op: 'remove', path: `members[value eq ${JSON.stringify(id)}]`})
  if (operations.length === 0) return {change: 'unchanged', requests: [], added, removed}
  const path = `/Groups/${encodeURIComponent(text(existing, 'id') ?? '')}`
  return {change: 'update', requests: [{method: 'PATCH', path, body: patchOps(...operations)}], added, removed}
}

/** The directory's users the file does not name, for --delete-missing. */
export function planDeletions(named: Set<string>, directoryUsers: JsonObject[]): Array<{id: string; userName: string}> {
  return directoryUsers.flatMap((user) => {
    const id = text(user, 'id')
    const userName = text(user, 'userName') ?? ''
    return id && !named.has(nameKey(userName)) ? [{id, userName}] : []
  })
}

/** The ids in a group's `members`. */
export function memberIds(group: JsonObject): string[] {
  const members = attribute(group, 'members')
  if (!Array.isArray(members)) return []
  return members.flatMap((m) => {
    const id = isObject(m) ? text(m, 'value') : undefined
    return id ? [id] : []
  })
}

function patchOps(...operations: JsonObject[]): JsonObject {
  return {schemas: [PATCH_OP_SCHEMA], Operations: operations}
}

/**
 * The attributes of `desired` that `existing` does not hold as given, by path. What the file leaves out does not
 * count (servers add meta, ids, display values…); attribute names match in any case, as SCIM's do.
 */
export function differencesOf(desired: JsonObject, existing: JsonObject, prefix = ''): string[] {
  return Object.entries(desired).flatMap(([name, want]) => {
    if (!prefix && name.toLowerCase() === 'schemas') return []
    const have = attribute(existing, name)
    if (isObject(want) && isObject(have)) return differencesOf(want, have, `${prefix}${name}.`)
    return holds(have, want) ? [] : [`${prefix}${name}`]
  })
}

function holds(have: JsonValue | undefined, want: JsonValue): boolean {
  if (isObject(want)) return isObject(have) && Object.entries(want).every(([k, v]) => holds(attribute(have, k), v))
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((item, i) => holds(have[i], item))
  }
  return have === want
}
