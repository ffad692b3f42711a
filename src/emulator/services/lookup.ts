import {invalidArgument, notFound} from '../rpc/errors.js'
import {membershipId, roleKey} from '../store/keys.js'
import type {MembershipRecord, OrganizationRecord, RoleRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

// Finders shared by the services: each answers NOT_FOUND naming what it looked for, so every RPC words a missing
// organization, user, membership or role the same way.

/** The oneof `identities` of requests that name a record by id or by external id. */
type Identities<IdCase extends string> =
  {case: IdCase | 'externalId'; value: string} | {case: undefined; value?: undefined}
/** Organization requests name their id `id`; domain requests name it `organization_id`. */
export type OrganizationIdentities = Identities<'id' | 'organizationId'>
export type UserIdentities = Identities<'id'>

export function findOrganization(store: Store, identities: OrganizationIdentities): OrganizationRecord {
  if (identities.case === 'id' || identities.case === 'organizationId')
    return requireOrganization(store, identities.value)
  if (identities.case === 'externalId') {
    const organization = store.organizations.getBy('externalId', identities.value)
    if (!organization) throw notFound(`organization with external_id ${identities.value} not found`)
    return organization
  }
  throw invalidArgument('id or external_id is required')
}

export function requireOrganization(store: Store, id: string): OrganizationRecord {
  const organization = id ? store.organizations.get(id) : undefined
  if (!organization) throw notFound(`organization ${id} not found`)
  return organization
}

export function findUser(store: Store, identities: UserIdentities): UserRecord {
  if (identities.case === 'id') return requireUser(store, identities.value)
  if (identities.case === 'externalId') {
    const user = store.users.getBy('externalId', identities.value)
    if (!user) throw notFound(`user with external_id ${identities.value} not found`)
    return user
  }
  throw invalidArgument('id or external_id is required')
}

export function requireUser(store: Store, id: string): UserRecord {
  const user = id ? store.users.get(id) : undefined
  if (!user) throw notFound(`user ${id} not found`)
  return user
}

export function requireMembership(store: Store, organizationId: string, userId: string): MembershipRecord {
  const membership = store.memberships.get(membershipId(organizationId, userId))
  if (!membership) throw notFound(`user ${userId} is not a member of organization ${organizationId}`)
  return membership
}

/** A role usable in `organizationId`: the organization's own role of that name, else the environment role. */
export function findRoleFor(store: Store, name: string, organizationId?: string): RoleRecord | undefined {
  return (
    (organizationId && store.roles.getBy('scopedName', roleKey(name, organizationId))) ||
    store.roles.getBy('scopedName', roleKey(name))
  )
}

/** An environment role; organization roles of the same name do not count. */
export function requireEnvironmentRole(store: Store, name: string): RoleRecord {
  const role = store.roles.getBy('scopedName', roleKey(name))
  if (!role) throw notFound(`role ${name} not found`)
  return role
}

export function requireRole(store: Store, name: string, organizationId?: string): RoleRecord {
  const role = findRoleFor(store, name, organizationId)
  if (!role) throw notFound(`role ${name} not found`)
  return role
}
