import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  MembershipStatus,
  type OrganizationMembershipSchema,
  type UserProfileSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {InviteSchema, UserSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import type {MembershipRecord, RoleRecord, UserProfileRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {findRoleFor} from './lookup.js'
import {effectivePermissions, toRoleRef} from './role-model.js'

/** Stored records as UserService messages. */

export function toUser(store: Store, user: UserRecord, now = Date.now()): MessageInitShape<typeof UserSchema> {
  return {
    id: user.id,
    environmentId: store.environment.id,
    email: user.email,
    externalId: user.externalId,
    metadata: user.metadata,
    userProfile: toUserProfile(user.profile),
    memberships: store.memberships.listBy('userId', user.id).map((membership) => toMembership(store, membership, now)),
    createTime: timestampFromMs(user.createTime),
    updateTime: timestampFromMs(user.updateTime),
  }
}

/** A pending invite past its expiry reads as INVITE_EXPIRED; nothing rewrites it when the time passes. */
export function membershipStatus(membership: MembershipRecord, now = Date.now()): MembershipStatus {
  const expired = membership.inviteExpireTime !== undefined && membership.inviteExpireTime <= now
  return membership.status === MembershipStatus.PENDING_INVITE && expired
    ? MembershipStatus.INVITE_EXPIRED
    : membership.status
}

/** The membership's roles as records; a name no role answers to any more is left out. */
export function membershipRoles(store: Store, membership: MembershipRecord): RoleRecord[] {
  return membership.roles
    .map((name) => findRoleFor(store, name, membership.organizationId))
    .filter((role): role is RoleRecord => role !== undefined)
}

/** Names of the permissions a membership's roles grant, with inheritance, each once. */
export function membershipPermissionNames(store: Store, membership: MembershipRecord): string[] {
  const names = membershipRoles(store, membership).flatMap((role) =>
    effectivePermissions(store, role).map(({permission}) => permission.name),
  )
  return [...new Set(names)]
}

export function toInvite(membership: MembershipRecord, now = Date.now()): MessageInitShape<typeof InviteSchema> {
  return {
    organizationId: membership.organizationId,
    userId: membership.userId,
    inviterEmail: membership.inviterEmail,
    status: MembershipStatus[membershipStatus(membership, now)],
    createdAt: timestampFromMs(membership.createTime),
    expiresAt: optionalTimestamp(membership.inviteExpireTime),
    resentAt: optionalTimestamp(membership.inviteResendTime),
    resentCount: membership.inviteResendCount ?? 0,
  }
}

function toMembership(
  store: Store,
  membership: MembershipRecord,
  now: number,
): MessageInitShape<typeof OrganizationMembershipSchema> {
  const organizationName = store.organizations.get(membership.organizationId)?.displayName
  const status = membershipStatus(membership, now)
  const invited = status === MembershipStatus.PENDING_INVITE || status === MembershipStatus.INVITE_EXPIRED
  return {
    organizationId: membership.organizationId,
    name: organizationName,
    displayName: organizationName,
    membershipStatus: status,
    roles: membershipRoles(store, membership).map(toRoleRef),
    permissions: membershipPermissionNames(store, membership),
    metadata: membership.metadata,
    inviterEmail: membership.inviterEmail,
    joinTime: timestampFromMs(membership.createTime),
    createdAt: timestampFromMs(membership.createTime),
    acceptedAt: optionalTimestamp(membership.acceptTime),
    expiresAt: invited ? optionalTimestamp(membership.inviteExpireTime) : undefined,
  }
}

function toUserProfile(profile: UserProfileRecord): MessageInitShape<typeof UserProfileSchema> {
  const givenName = profile.givenName ?? ''
  const familyName = profile.familyName ?? ''
  return {
    id: profile.id,
    givenName,
    familyName,
    // first_name/last_name are the deprecated spellings the SDK still reads and writes: keep both in step.
    firstName: givenName,
    lastName: familyName,
    name: profile.name ?? [givenName, familyName].filter(Boolean).join(' '),
    locale: profile.locale ?? '',
    phoneNumber: profile.phoneNumber ?? '',
    preferredUsername: profile.preferredUsername ?? '',
    picture: profile.picture ?? '',
    gender: profile.gender ?? '',
    groups: profile.groups,
    emailVerified: profile.emailVerified,
    metadata: profile.metadata,
    customAttributes: profile.customAttributes,
  }
}

function optionalTimestamp(ms: number | undefined) {
  return ms === undefined ? undefined : timestampFromMs(ms)
}
