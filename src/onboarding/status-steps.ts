import type {DirectoryJson} from '../api/directories.js'
import type {OrganizationJson} from '../api/organizations.js'
import {type CheckedConnection, isActive, ssoEnabled} from '../checks/connections.js'
import type {SsoTestEntry} from '../config/sso-test-record.js'
import {count} from '../output/plural.js'

/**
 * done ✓; missing ✗ (nothing stands in the way: run `next`); pending … (waiting on someone else — the customer's IT
 * admin, their identity provider — or on an earlier step); skipped – (does not apply to this organization).
 */
export type StepStatus = 'done' | 'missing' | 'pending' | 'skipped'

/** Stable ids: scripts match on them; new steps may be added, none renamed. */
export type StepId =
  | 'connection-configured'
  | 'connection-enabled'
  | 'connection-tested'
  | 'domains'
  | 'group-roles'
  | 'organization'
  | 'scim-directory'
  | 'scim-enabled'
  | 'scim-feature'
  | 'scim-users'
  | 'sso-feature'
  | 'users'

export interface StatusStep {
  detail: string
  id: StepId
  /** The skctl command that moves this step on; null when there is nothing to do. */
  next: string | null
  /** A required step that is not done makes the organization not ready (exit 6). */
  required: boolean
  status: StepStatus
  title: string
}

export interface OrganizationStatus {
  externalId?: string
  id: string
  name: string
  /** Every required step is done. */
  ok: boolean
  steps: StatusStep[]
}

/** What one look at the environment found for an organization. */
export interface OrganizationFacts {
  connections: CheckedConnection[]
  directories: DirectoryJson[]
  /** Its organization domains (the ones that route users to its SSO). */
  domains: string[]
  /** The last SSO test skctl ran (or read) for it in this environment, if any. */
  lastTest?: SsoTestEntry
  members: number
  org: OrganizationJson
}

/** The directory fields `onboard status` reads beyond DirectoryJson: ListDirectories carries the group mappings. */
type StatusDirectory = DirectoryJson & {roleAssignments?: {assignments?: unknown[]}}

export const SIGNS: Record<StepStatus, string> = {done: '✓', missing: '✗', pending: '…', skipped: '–'}

const featureOn = (org: OrganizationJson, name: string) =>
  Boolean(org.settings?.features?.some((f) => f.name === name && f.enabled))

const state = (c: CheckedConnection) => c.status.toLowerCase().replaceAll('_', ' ')

/**
 * The checklist of one organization. Required: the organization, an organization domain, the sso feature, a
 * configured (completed) connection that is enabled — the rule `connections check` applies — and, when SCIM is in
 * use (the dir_sync feature is on or a directory exists), the dir_sync feature, a directory, enabled, with users.
 * Advisory (shown, never failing): a recorded passing SSO test, group-to-role mappings, members.
 */
export function organizationStatus(facts: OrganizationFacts): OrganizationStatus {
  const {org} = facts
  const id = org.id
  const steps: StatusStep[] = []
  const add = (step: Omit<StatusStep, 'next'> & {next?: string}) => steps.push({...step, next: step.next ?? null})
  const required = true

  const external = org.externalId ? `, external id ${org.externalId}` : ''
  add({
    detail: `${org.displayName || '(no name)'} (${id}${external})`,
    id: 'organization',
    required,
    status: 'done',
    title: 'Organization',
  })

  add(
    facts.domains.length > 0
      ? {detail: facts.domains.join(', '), id: 'domains', required, status: 'done', title: 'Domains'}
      : {
          detail: 'no organization domain: no email address routes to its SSO',
          id: 'domains',
          next: `skctl domains add --org ${id} DOMAIN`,
          required,
          status: 'missing',
          title: 'Domains',
        },
  )

  add(
    ssoEnabled(org)
      ? {detail: 'sso feature on', id: 'sso-feature', required, status: 'done', title: 'SSO enabled'}
      : {
          detail: 'the sso feature is off',
          id: 'sso-feature',
          next: `skctl orgs settings ${id} --enable sso`,
          required,
          status: 'missing',
          title: 'SSO enabled',
        },
  )

  steps.push(...connectionSteps(facts))
  steps.push(...scimSteps(facts))

  add(
    facts.members > 0
      ? {detail: count(facts.members, 'member'), id: 'users', required: false, status: 'done', title: 'Users imported'}
      : {
          detail: 'no members yet (SSO and SCIM add them as they sign in or are provisioned)',
          id: 'users',
          next: `skctl users import FILE --org ${id}`,
          required: false,
          status: 'pending',
          title: 'Users imported',
        },
  )

  return {
    id,
    name: org.displayName,
    externalId: org.externalId || undefined,
    ok: steps.every((s) => !s.required || s.status === 'done'),
    // One key order for every step: the JSON reads the same whichever way a step was built.
    steps: steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      required: s.required,
      detail: s.detail,
      next: s.next,
    })),
  }
}

function connectionSteps({connections, lastTest, org}: OrganizationFacts): StatusStep[] {
  const id = org.id
  const portal = `skctl portal link ${id}`
  const completed = connections.filter((c) => c.status === 'COMPLETED')
  const active = connections.find(isActive)
  const unfinished = connections.find((c) => c.status !== 'COMPLETED')

  const configured: StatusStep =
    completed.length > 0
      ? {
          detail: completed.map((c) => `${c.id} (${c.type.toLowerCase()}, ${c.provider.toLowerCase()})`).join(', '),
          id: 'connection-configured',
          next: null,
          required: true,
          status: 'done',
          title: 'Connection configured',
        }
      : unfinished
        ? {
            detail: `${unfinished.id} is ${state(unfinished)}: the customer's IT admin finishes it in the admin portal`,
            id: 'connection-configured',
            next: portal,
            required: true,
            status: 'pending',
            title: 'Connection configured',
          }
        : {
            detail: `no SSO connection (or let the customer's IT admin set one up: ${portal})`,
            id: 'connection-configured',
            next: `skctl connections create --org ${id} --type saml --provider PROVIDER --metadata-url URL`,
            required: true,
            status: 'missing',
            title: 'Connection configured',
          }

  const disabled = completed.find((c) => !c.enabled)
  const enabled: StatusStep = active
    ? {
        detail: `${active.id} enabled`,
        id: 'connection-enabled',
        next: null,
        required: true,
        status: 'done',
        title: 'Connection enabled',
      }
    : disabled
      ? {
          detail: `${disabled.id} is configured but disabled`,
          id: 'connection-enabled',
          next: `skctl connections enable --org ${id} ${disabled.id}`,
          required: true,
          status: 'missing',
          title: 'Connection enabled',
        }
      : {
          detail: 'waits for a configured connection',
          id: 'connection-enabled',
          next: `skctl connections wait --org ${id}`,
          required: true,
          status: 'pending',
          title: 'Connection enabled',
        }

  return [configured, enabled, testedStep(id, lastTest, active, connections)]
}

function testedStep(
  id: string,
  last: SsoTestEntry | undefined,
  active: CheckedConnection | undefined,
  connections: CheckedConnection[],
): StatusStep {
  const step = {id: 'connection-tested' as const, required: false, title: 'SSO tested'}
  const next = `skctl sso test --org ${id}`
  if (!last) {
    return {...step, detail: 'no SSO test recorded on this machine', next: active ? next : null, status: 'pending'}
  }
  const what = `${last.source}${last.connectionId ? ` of ${last.connectionId}` : ''} at ${last.time}`
  // A pass through a connection deleted since proves nothing about the ones there now.
  if (last.connectionId && !connections.some((c) => c.id === last.connectionId)) {
    return {...step, detail: `${what} ${last.result}, on a connection since removed`, next, status: 'pending'}
  }
  if (last.result === 'passed') return {...step, detail: `${what} passed`, next: null, status: 'done'}
  const why = last.reason ? `: ${last.reason}` : ''
  return {
    ...step,
    detail: `${what} ${last.result === 'failed' ? 'failed' : 'is pending'}${why}`,
    next,
    status: 'pending',
  }
}

function scimSteps({directories, org}: OrganizationFacts): StatusStep[] {
  const id = org.id
  const dirSync = featureOn(org, 'dir_sync')
  const wanted = dirSync || directories.length > 0
  const title = {
    'group-roles': 'Group-to-role mappings',
    'scim-directory': 'SCIM directory',
    'scim-enabled': 'SCIM directory enabled',
    'scim-feature': 'SCIM enabled',
    'scim-users': 'SCIM users and groups',
  } as const
  if (!wanted) {
    return (Object.keys(title) as Array<keyof typeof title>).sort(byScimOrder).map((key) => ({
      detail:
        key === 'scim-feature'
          ? 'SCIM is not in use: the dir_sync feature is off and no directory exists'
          : 'SCIM is not in use',
      id: key,
      next:
        key === 'scim-feature' ? `skctl orgs settings ${id} --enable dir_sync (only if the customer wants SCIM)` : null,
      required: false,
      status: 'skipped',
      title: title[key],
    }))
  }
  const dirs = directories as StatusDirectory[]
  const enabled = dirs.find((d) => d.enabled)
  const withUsers = dirs.find((d) => d.enabled && d.totalUsers > 0)
  const shown = withUsers ?? enabled ?? dirs[0]
  const steps: StatusStep[] = []
  const required = true

  steps.push(
    dirSync
      ? {
          detail: 'dir_sync feature on',
          id: 'scim-feature',
          next: null,
          required,
          status: 'done',
          title: title['scim-feature'],
        }
      : {
          detail: 'a directory exists but the dir_sync feature is off',
          id: 'scim-feature',
          next: `skctl orgs settings ${id} --enable dir_sync`,
          required,
          status: 'missing',
          title: title['scim-feature'],
        },
  )
  steps.push(
    shown
      ? {
          detail: dirs.map((d) => `${d.id} (${d.directoryProvider.toLowerCase()})`).join(', '),
          id: 'scim-directory',
          next: null,
          required,
          status: 'done',
          title: title['scim-directory'],
        }
      : {
          detail: 'no SCIM directory',
          id: 'scim-directory',
          next: `skctl directories create --org ${id} --provider PROVIDER`,
          required,
          status: 'missing',
          title: title['scim-directory'],
        },
  )
  steps.push(
    enabled
      ? {
          detail: `${enabled.id} enabled`,
          id: 'scim-enabled',
          next: null,
          required,
          status: 'done',
          title: title['scim-enabled'],
        }
      : shown
        ? {
            detail: `${shown.id} is disabled`,
            id: 'scim-enabled',
            next: `skctl directories enable --org ${id} ${shown.id}`,
            required,
            status: 'missing',
            title: title['scim-enabled'],
          }
        : {
            detail: 'waits for a directory',
            id: 'scim-enabled',
            next: null,
            required,
            status: 'pending',
            title: title['scim-enabled'],
          },
  )
  const counts = shown
    ? `${count(shown.totalUsers, 'user')}, ${count(shown.totalGroups, 'group')}${lastEvent(shown)}`
    : ''
  steps.push(
    withUsers
      ? {detail: counts, id: 'scim-users', next: null, required, status: 'done', title: title['scim-users']}
      : {
          detail: enabled
            ? `${counts}: the customer's identity provider has not provisioned anyone yet`
            : 'waits for an enabled directory',
          id: 'scim-users',
          next: `skctl directories wait --org ${id}`,
          required,
          status: 'pending',
          title: title['scim-users'],
        },
  )
  const mapped = shown?.roleAssignments?.assignments?.length ?? 0
  steps.push(
    mapped > 0
      ? {
          detail: `${count(mapped, 'group')} mapped to roles`,
          id: 'group-roles',
          next: null,
          required: false,
          status: 'done',
          title: title['group-roles'],
        }
      : {
          detail: "no group mapped to a role: provisioned users get the organization's default role",
          id: 'group-roles',
          next: `skctl portal link ${id}`,
          required: false,
          status: 'pending',
          title: title['group-roles'],
        },
  )
  return steps
}

const SCIM_ORDER = ['scim-feature', 'scim-directory', 'scim-enabled', 'scim-users', 'group-roles']
const byScimOrder = (a: string, b: string) => SCIM_ORDER.indexOf(a) - SCIM_ORDER.indexOf(b)

function lastEvent(d: DirectoryJson): string {
  const times = [d.lastSyncedAt, d.stats?.userUpdatedAt, d.stats?.groupUpdatedAt].filter((t): t is string => Boolean(t))
  const latest = times.sort().at(-1)
  return latest ? `, last change ${latest}` : ''
}
