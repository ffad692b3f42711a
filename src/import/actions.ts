import type {Api} from '../api/client.js'
import {addMembership, updateMembership} from '../api/memberships.js'
import {createOrganization, getOrganization} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {listRoles} from '../api/roles.js'
import {createUserMessage, getUser, updateUser, type UserJson} from '../api/users.js'
import {CliError} from '../errors.js'
import type {OrgRef} from './model.js'
import type {ValidUser} from './validate.js'

// The API calls an import makes, on top of the one SDK seam (src/api). Each is one logical call; retrying and
// deciding what a failure means belong to the engine.

/** A user as the import needs to see them: who, and which organizations they belong to with which roles. */
export interface FoundUser {
  email: string
  externalId?: string
  id: string
  memberships: Map<string, string[]>
}

const found = (user: UserJson): FoundUser => ({
  email: user.email,
  externalId: user.externalId || undefined,
  id: user.id,
  memberships: new Map(user.memberships.map((m) => [m.organizationId, m.roles.map((r) => r.name)])),
})

const orUndefined = <T>(work: Promise<T>): Promise<T | undefined> =>
  work.catch((error: unknown) => {
    if (error instanceof CliError && error.code === 'not_found') return undefined
    throw error
  })

export interface ResolvedMembership {
  organizationId: string
  roles: string[]
}

export function userActions(api: Api) {
  return {
    async create(user: ValidUser, membership: ResolvedMembership, invite: boolean): Promise<FoundUser> {
      const created = await createUserMessage(api, membership.organizationId, {
        email: user.email,
        externalId: user.externalId,
        firstName: user.firstName,
        invite,
        lastName: user.lastName,
        metadata: user.metadata,
        roles: membership.roles,
      })
      return {
        email: created.email,
        externalId: created.externalId || undefined,
        id: created.id,
        memberships: new Map([[membership.organizationId, membership.roles]]),
      }
    },

    /** By external id when the row has one (an email can change), else by email. */
    async find(user: ValidUser): Promise<FoundUser | undefined> {
      const byExternalId = user.externalId ? await orUndefined(getUser(api, {externalId: user.externalId})) : undefined
      const match = byExternalId ?? (await orUndefined(getUser(api, {email: user.email})))
      return match && found(match)
    },

    async addMembership(userId: string, membership: ResolvedMembership, invite: boolean): Promise<void> {
      await addMembership(api, membership.organizationId, userId, {invite, roles: membership.roles})
    },

    async setRoles(userId: string, membership: ResolvedMembership): Promise<void> {
      await updateMembership(api, membership.organizationId, userId, {roles: membership.roles})
    },

    async update(userId: string, user: ValidUser): Promise<void> {
      await updateUser(
        api,
        {id: userId},
        {externalId: user.externalId, firstName: user.firstName, lastName: user.lastName, metadata: user.metadata},
      )
    },
  }
}

export type UserActions = ReturnType<typeof userActions>

export function organizationActions(api: Api) {
  return {
    find: (ref: OrgRef) => orUndefined(getOrganization(api, ref)),
    create: (fields: {externalId: string; metadata: Record<string, string>; name: string}) =>
      createOrganization(api, fields),
    /** Environment roles plus, with an organization, that organization's own. */
    async roleNames(organizationId?: string): Promise<string[]> {
      const {items} = await collect(listRoles(api, {organizationId}))
      return items.map((role) => role.name)
    },
  }
}

export type OrganizationActions = ReturnType<typeof organizationActions>
