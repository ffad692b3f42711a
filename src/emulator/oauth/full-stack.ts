import {create} from '@bufbuild/protobuf'
import {ConnectError} from '@connectrpc/connect'
import {CreateUserProfileSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import type {EmulatorEvent} from '../events/bus.js'
import {membershipEvent} from '../events/resource-data.js'
import {newMembership} from '../services/membership-changes.js'
import {findRoleFor} from '../services/lookup.js'
import {ACCESS_TOKEN_EXPIRY_SECONDS} from '../services/session-policy.js'
import {effectivePermissions} from '../services/role-model.js'
import {newProfile} from '../services/user-changes.js'
import {membershipId} from '../store/keys.js'
import {userClaim} from '../store/pinned-ids.js'
import type {MembershipRecord, SessionRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {OAuthError} from './token-endpoint.js'

/**
 * Full-stack auth access tokens live as long as the session policy says (5 minutes, Scalekit's default, which
 * GetApplicationSessionPolicy reports); the token response says one second less, `expires_in: 299`, as Scalekit's does.
 */
export const FULL_STACK_ACCESS_TOKEN_TTL_SECONDS = ACCESS_TOKEN_EXPIRY_SECONDS
export const FULL_STACK_EXPIRES_IN = FULL_STACK_ACCESS_TOKEN_TTL_SECONDS - 1

export interface SignedInPerson {
  email: string
  givenName: string
  familyName: string
}

/** The user a login signed in, and the webhook events provisioning them raised (none for a returning member). */
export interface Provisioned {
  user: UserRecord
  events: EmulatorEvent[]
}

/**
 * Full-stack auth signs the person in as a user of the organization: the user with that email (created on first
 * login, just in time, with a verified email) and an active membership (the organization's default role, unless
 * `roles` names others: whoever creates an organization by signing up gets the environment's creator role). A new
 * user is a `user.signup`; an existing user's new membership a `user.organization_membership_created` (Scalekit's
 * user events), each with the organization, the user and the membership as data.
 */
export function provisionUser(
  store: Store,
  organizationId: string,
  person: SignedInPerson,
  roles: string[] = [],
): Provisioned {
  const now = Date.now()
  const existing = store.users.getBy('email', person.email.toLowerCase())
  // A user pinned for this email (POST /_emulator/pinned-ids) who first appears by signing in gets the pinned id.
  const userId = existing?.id ?? store.newId('usr', userClaim(person.email))
  const organization = store.organizations.get(organizationId)
  if (!organization) throw new OAuthError(400, 'invalid_grant', `organization ${organizationId} no longer exists`)
  let membership: MembershipRecord | undefined
  if (!store.memberships.get(membershipId(organizationId, userId))) {
    try {
      membership = newMembership(
        store,
        organization,
        userId,
        {roles: roles.map((name) => ({name})), metadata: {}, sendInvitationEmail: false},
        now,
      )
    } catch (error) {
      // A full organization (max users) refuses the login the way the token endpoint refuses anything.
      if (error instanceof ConnectError) throw new OAuthError(400, 'access_denied', error.rawMessage)
      throw error
    }
  }
  const user: UserRecord = existing ?? {
    id: userId,
    email: person.email,
    metadata: {},
    profile: newProfile(
      store.newId('prof'),
      create(CreateUserProfileSchema, {givenName: person.givenName, familyName: person.familyName}),
      true,
    ),
    createTime: now,
    updateTime: now,
  }
  store.batch(() => {
    if (!existing) store.users.put(user)
    if (membership) store.memberships.put(membership)
  })
  if (!membership) return {user, events: []}
  const type = existing ? 'user.organization_membership_created' : 'user.signup'
  return {user, events: [membershipEvent(type, organization, user, membership)]}
}

/**
 * `user.login` when a full-stack session starts and `user.logout` when it is logged out: the session's organization
 * and user, with the membership; none when either is gone.
 */
export function sessionEvent(
  store: Store,
  type: 'user.login' | 'user.logout',
  session: SessionRecord,
): EmulatorEvent | undefined {
  const organization = store.organizations.get(session.organizationId)
  const user = store.users.get(session.userId)
  if (!session.fullStack || !organization || !user) return undefined
  return membershipEvent(type, organization, user, store.memberships.get(membershipId(organization.id, user.id)))
}

/**
 * The claims a full-stack access token adds, read at minting time so a refresh picks up role changes: the
 * membership's roles, every permission they grant (inherited ones too), and the external ids as `xuid`/`xoid`.
 */
export function fullStackClaims(store: Store, session: SessionRecord): Record<string, unknown> {
  const membership = store.memberships.get(membershipId(session.organizationId, session.userId))
  const roles = membership?.roles ?? []
  const permissions = new Set<string>()
  for (const name of roles) {
    const role = findRoleFor(store, name, session.organizationId)
    if (role) for (const granted of effectivePermissions(store, role)) permissions.add(granted.permission.name)
  }
  const externalUserId = store.users.get(session.userId)?.externalId
  const externalOrganizationId = store.organizations.get(session.organizationId)?.externalId
  return {
    roles,
    permissions: [...permissions],
    ...(externalUserId ? {xuid: externalUserId} : {}),
    ...(externalOrganizationId ? {xoid: externalOrganizationId} : {}),
  }
}
