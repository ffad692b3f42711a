import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {UserService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import {sendInvitation} from '../invitations/invite.js'
import {failedPrecondition} from '../rpc/errors.js'
import {membershipId} from '../store/keys.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import {findUser, requireMembership, requireOrganization, requireUser} from './lookup.js'
import {addMembership, INVITE_TTL_MS, resolveRoles} from './membership-changes.js'
import {membershipStatus, toInvite, toUser} from './user-messages.js'

/** Memberships: a user's place in an organization, with its roles, metadata and invitation state. */
export const membershipHandlers: ServiceHandlers<typeof UserService> = {
  createMembership({organizationId, identities, membership, sendInvitationEmail}, context) {
    const {store} = context
    const organization = requireOrganization(store, organizationId)
    const user = findUser(store, identities)
    // protovalidate guarantees `membership`.
    const {roles, metadata, inviterEmail} = membership!
    const updated = addMembership(store, organization, user, {
      roles,
      metadata,
      inviterEmail,
      sendInvitationEmail: sendInvitationEmail === true,
    })
    const joined = store.memberships.get(membershipId(organization.id, updated.id))!
    if (sendInvitationEmail === true)
      sendInvitation(context, {organization, user: updated, membership: joined}, 'invite')
    return {user: toUser(store, updated)}
  },

  updateMembership({organizationId, identities, membership: changes}, {store}) {
    requireOrganization(store, organizationId)
    const user = findUser(store, identities)
    const membership = requireMembership(store, organizationId, user.id)
    // The SDK sends empty roles and metadata for "unchanged", so only non-empty values replace.
    const roles = resolveRoles(store, changes!.roles, organizationId)
    const metadata = changes!.metadata
    store.memberships.put({
      ...membership,
      ...(roles.length > 0 ? {roles: roles.map((role) => role.name)} : {}),
      ...(Object.keys(metadata).length > 0 ? {metadata: {...metadata}} : {}),
      updateTime: Date.now(),
    })
    return {user: toUser(store, user)}
  },

  deleteMembership({organizationId, identities}, {store}) {
    requireOrganization(store, organizationId)
    const user = findUser(store, identities)
    // The user stays, even with no membership left: deleting users is DeleteUser's job.
    store.memberships.delete(requireMembership(store, organizationId, user.id).id)
    return {}
  },

  resendInvite({organizationId, id}, context) {
    const {store} = context
    const organization = requireOrganization(store, organizationId)
    const user = requireUser(store, id)
    const membership = requireMembership(store, organizationId, id)
    // An expired invite is still an invite: resending it is how it gets a new expiry.
    if (membership.status !== MembershipStatus.PENDING_INVITE) {
      const status = MembershipStatus[membershipStatus(membership)]
      throw failedPrecondition(
        `user ${id} has no pending invite to organization ${organizationId} (membership is ${status})`,
      )
    }
    const now = Date.now()
    const resent = {
      ...membership,
      inviteExpireTime: now + INVITE_TTL_MS,
      inviteResendTime: now,
      inviteResendCount: (membership.inviteResendCount ?? 0) + 1,
      updateTime: now,
    }
    store.memberships.put(resent)
    sendInvitation(context, {organization, user, membership: resent}, 'resend')
    return {invite: toInvite(resent, now)}
  },
}
