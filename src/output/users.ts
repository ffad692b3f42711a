import type {MembershipJson, UserJson} from '../api/users.js'
import type {Column} from './table.js'

const fullName = (u: UserJson) =>
  u.userProfile?.name || [u.userProfile?.givenName, u.userProfile?.familyName].filter(Boolean).join(' ')

/** `ACTIVE` / `PENDING_INVITE` read better as `active` / `pending invite`. */
export const statusText = (status: string | undefined) => status?.toLowerCase().replaceAll('_', ' ') ?? ''

const roleNames = (m: MembershipJson | null | undefined) => (m?.roles ?? []).map((r) => r.name).join(', ')

/** Columns for users; with an organization, its membership status and roles. */
export function userColumns(organizationId?: string): Column<UserJson>[] {
  const membership = (u: UserJson) => u.memberships.find((m) => m.organizationId === organizationId)
  const perOrg: Column<UserJson>[] = organizationId
    ? [
        {header: 'STATUS', value: (u) => statusText(membership(u)?.membershipStatus)},
        {header: 'ROLES', value: (u) => roleNames(membership(u))},
      ]
    : [{header: 'ORGS', value: (u) => u.memberships.length}]
  return [
    {header: 'ID', value: (u) => u.id},
    {header: 'EMAIL', value: (u) => u.email},
    {header: 'NAME', value: fullName},
    {header: 'EXTERNAL ID', value: (u) => u.externalId},
    ...perOrg,
  ]
}

export function userRecord(user: UserJson): Array<[string, string | undefined]> {
  const metadata = Object.entries(user.metadata ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
  const memberships = user.memberships
    .map((m) => `${m.organizationId} (${statusText(m.membershipStatus)}${m.roles.length ? `; ${roleNames(m)}` : ''})`)
    .join(', ')
  return [
    ['id', user.id],
    ['email', user.email],
    ['verified', user.userProfile?.emailVerified ? 'yes' : 'no'],
    ['name', fullName(user)],
    ['external id', user.externalId],
    ['metadata', metadata],
    ['memberships', memberships],
    ['created', user.createTime],
  ]
}
