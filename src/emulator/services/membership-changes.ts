import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {alreadyExists, failedPrecondition, notFound} from '../rpc/errors.js'
import {membershipId} from '../store/keys.js'
import type {MembershipRecord, OrganizationRecord, RoleRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireRole} from './lookup.js'
import {defaultMemberRoleName} from './role-model.js'

/** Scalekit's documented default invitation lifetime. */
export const INVITE_TTL_MS = 15 * 24 * 60 * 60 * 1000

/** How a request names a role: by name, or (older clients) by id only. */
export interface RoleReference {
  id?: string
  name?: string
}

export interface NewMembership {
  roles: readonly RoleReference[]
  metadata: Record<string, string>
  inviterEmail?: string
  sendInvitationEmail: boolean
}

/**
 * Puts `user` into `organization`. An invitation makes the membership PENDING_INVITE until the user accepts;
 * without one it is ACTIVE at once and the user's email counts as verified, as Scalekit documents for imports.
 * Returns the user as it is afterwards.
 */
export function addMembership(
  store: Store,
  organization: OrganizationRecord,
  user: UserRecord,
  request: NewMembership,
  now = Date.now(),
): UserRecord {
  const membership = newMembership(store, organization, user.id, request, now)
  const updated = request.sendInvitationEmail || user.profile.emailVerified ? user : verifyEmail(user, now)
  store.batch(() => {
    if (updated !== user) store.users.put(updated)
    store.memberships.put(membership)
  })
  return updated
}

/**
 * The membership `addMembership` would store, after every check, writing nothing: a request that also creates the
 * user must fail before it writes anything, because the store does not roll back.
 */
export function newMembership(
  store: Store,
  organization: OrganizationRecord,
  userId: string,
  request: NewMembership,
  now: number,
): MembershipRecord {
  const id = membershipId(organization.id, userId)
  if (store.memberships.get(id)) {
    throw alreadyExists(`user ${userId} is already a member of organization ${organization.id}`)
  }
  const limit = organization.maxAllowedUsers
  if (limit !== undefined && limit > 0 && store.memberships.countBy('organizationId', organization.id) >= limit) {
    throw failedPrecondition(`organization ${organization.id} has reached its limit of ${limit} users`)
  }
  const roles = resolveRoles(store, request.roles, organization.id)
  const invited = request.sendInvitationEmail
  return {
    id,
    organizationId: organization.id,
    userId,
    status: invited ? MembershipStatus.PENDING_INVITE : MembershipStatus.ACTIVE,
    roles: roles.length > 0 ? roles.map((role) => role.name) : [defaultMemberRoleName(store, organization.id)],
    metadata: {...request.metadata},
    ...(request.inviterEmail ? {inviterEmail: request.inviterEmail} : {}),
    ...(invited ? {inviteExpireTime: now + INVITE_TTL_MS} : {acceptTime: now}),
    createTime: now,
    updateTime: now,
  }
}

/** Roles named in a request, each of which must exist in the organization (its own or an environment role). */
export function resolveRoles(store: Store, references: readonly RoleReference[], organizationId: string): RoleRecord[] {
  const named = references.filter((reference) => reference.name || reference.id)
  const roles = named.map((reference) => {
    if (reference.name) return requireRole(store, reference.name, organizationId)
    const role = store.roles.get(reference.id!)
    if (!role || (role.organizationId && role.organizationId !== organizationId)) {
      throw notFound(`role ${reference.id} not found`)
    }
    return role
  })
  return [...new Map(roles.map((role) => [role.id, role])).values()]
}

function verifyEmail(user: UserRecord, now: number): UserRecord {
  return {...user, profile: {...user.profile, emailVerified: true}, updateTime: now}
}
