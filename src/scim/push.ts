import type {JsonObject} from '@bufbuild/protobuf'

import {text} from '../shared/scim.js'
import {count} from '../output/plural.js'
import {type ScimClient, ScimRequestError} from './client.js'
import {type DesiredGroup, type DesiredState, nameKey} from './model.js'
import {
  type Member,
  memberIds,
  planDeletions,
  planGroup,
  type PlannedRequest,
  planUser,
  type UserChange,
} from './plan.js'

export const ACTION_KINDS = [
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'deleted',
  'unchanged',
  'failed',
] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** What a push did (or, in a dry run, would do) to one user or group. */
export interface PushAction {
  type: 'group' | 'user'
  /** userName or displayName. */
  name: string
  action: ActionKind
  /** The resource's SCIM id, once known. */
  id?: string
  /** Where the file describes it (`line 4`, `Users[2]`); absent for users only --delete-missing touched. */
  at?: string
  /** What changed, or why it failed. */
  detail?: string
  /** The SCIM error of a refused request. */
  error?: {detail: string; scimType?: string; status: number}
}

export interface PushOptions {
  /** Send only GETs: look everything up and report what a push would do. */
  dryRun: boolean
  /** Also delete the directory's users that the file does not name. */
  deleteMissing: boolean
}

const KIND: Record<UserChange, ActionKind> = {
  create: 'created',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  unchanged: 'unchanged',
  update: 'updated',
}

/**
 * Brings a directory to the state a file describes, one request at a time, the way an identity provider's push
 * does: users first (looked up by userName, then created, replaced, deactivated or restored), then groups (looked
 * up by displayName, created, their members set to exactly the file's), then, with --delete-missing, deletions.
 * A refused request fails its item and the push goes on; a refused token stops it (the client throws).
 */
export async function pushDesiredState(
  client: ScimClient,
  state: DesiredState,
  options: PushOptions,
): Promise<PushAction[]> {
  const actions: PushAction[] = []
  const record = (action: PushAction) => actions.push(action)
  /** Sends a plan's requests (none in a dry run); the last answer holds a created resource's id. */
  const send = async (requests: PlannedRequest[]) => {
    let answer: JsonObject | undefined
    if (!options.dryRun) for (const r of requests) answer = (await client.send(r.method, r.path, r.body)) ?? answer
    return answer
  }
  for (const problem of state.problems) {
    record({type: problem.type, name: problem.name, action: 'failed', at: problem.at, detail: problem.message})
  }

  /** userName (lower case) → SCIM id, for group members; a dry run's new users get a stand-in. */
  const userIds = new Map<string, string>()
  for (const user of state.users) {
    const base = {type: 'user', name: user.userName, at: user.at} as const
    try {
      const existing = await client.findOne('Users', 'userName', user.userName)
      const plan = planUser(user, existing)
      const answer = await send(plan.requests)
      const id = (existing && text(existing, 'id')) ?? (answer && text(answer, 'id'))
      userIds.set(nameKey(user.userName), id ?? `(new ${user.userName})`)
      record({...base, action: KIND[plan.change], id, detail: userDetail(plan.differences, user.active, plan.change)})
    } catch (error) {
      record({...base, ...failed(error)})
    }
  }

  for (const group of state.groups) {
    const base = {type: 'group', name: group.displayName, at: group.at} as const
    try {
      const existing = await client.findOne('Groups', 'displayName', group.displayName)
      const members = await resolveMembers(client, group, userIds, state, existing ? memberIds(existing) : [])
      if (typeof members === 'string') {
        record({...base, action: 'failed', detail: members})
        continue
      }
      const plan = planGroup(group, members.found, existing)
      const answer = await send(plan.requests)
      const id = (existing && text(existing, 'id')) ?? (answer && text(answer, 'id'))
      const action: ActionKind =
        plan.change === 'create' ? 'created' : plan.change === 'update' ? 'updated' : 'unchanged'
      record({...base, action, id, detail: groupDetail(plan.added.length, plan.removed.length, members.skipped)})
    } catch (error) {
      record({...base, ...failed(error)})
    }
  }

  if (options.deleteMissing) {
    for (const user of planDeletions(state.named, await client.listAll('Users'))) {
      const base = {type: 'user', name: user.userName, id: user.id} as const
      try {
        await send([{method: 'DELETE', path: `/Users/${encodeURIComponent(user.id)}`}])
        record({...base, action: 'deleted', detail: 'not in the file'})
      } catch (error) {
        record({...base, ...failed(error)})
      }
    }
  }
  return actions
}

/**
 * The group's members as ids. Users of the file are known by now, except those whose own row failed: their
 * membership is left as it is (their row already says why). Any other userName is looked up in the directory, and
 * one it lacks fails the group.
 */
async function resolveMembers(
  client: ScimClient,
  group: DesiredGroup,
  userIds: Map<string, string>,
  state: DesiredState,
  current: string[],
): Promise<string | {found: Member[]; skipped: string[]}> {
  const found = new Map<string, Member>()
  const skipped: string[] = []
  for (const ref of group.members) {
    if ('id' in ref) {
      found.set(ref.id, {id: ref.id, display: ref.id})
      continue
    }
    const known = userIds.get(nameKey(ref.userName))
    if (known) {
      found.set(known, {id: known, display: ref.userName})
      continue
    }
    const id = text((await client.findOne('Users', 'userName', ref.userName)) ?? {}, 'id')
    if (state.named.has(nameKey(ref.userName))) {
      skipped.push(ref.userName)
      if (id && current.includes(id)) found.set(id, {id, display: ref.userName})
    } else if (id) {
      found.set(id, {id, display: ref.userName})
    } else {
      return `member ${ref.userName} is not a user of the file or of the directory`
    }
  }
  return {found: [...found.values()], skipped}
}

function failed(error: unknown): Pick<PushAction, 'action' | 'detail' | 'error'> {
  if (!(error instanceof ScimRequestError)) throw error
  const {detail, scimType, status} = error
  return {action: 'failed', detail: error.message, error: {detail, status, ...(scimType ? {scimType} : {})}}
}

function userDetail(differences: string[], active: boolean, change: UserChange): string | undefined {
  const parts: string[] = []
  if (change === 'create' && !active) parts.push('created inactive')
  if (change !== 'create' && differences.length > 0) parts.push(`changed: ${differences.join(', ')}`)
  return parts.join('; ') || undefined
}

function groupDetail(added: number, removed: number, skipped: string[]): string | undefined {
  const parts: string[] = []
  if (added > 0) parts.push(`+${count(added, 'member')}`)
  if (removed > 0) parts.push(`-${count(removed, 'member')}`)
  if (skipped.length > 0) parts.push(`left as they are (their rows failed): ${skipped.join(', ')}`)
  return parts.join(', ') || undefined
}

/** How many actions of each kind, every kind present (zeros included) so scripts can read any of them. */
export function countActions(actions: PushAction[]): Record<ActionKind, number> {
  const counts = Object.fromEntries(ACTION_KINDS.map((kind) => [kind, 0])) as Record<ActionKind, number>
  for (const action of actions) counts[action.action]++
  return counts
}
