import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {EventBus} from '../events/bus.js'
import type {OrganizationRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {joinedEvent} from './events.js'
import {InvitationLinkError, type InvitationLinks} from './links.js'

export interface AcceptDeps {
  store: Store
  events: EventBus
  invitations: InvitationLinks
}

/**
 * Accepts the invitation behind `token`: the membership becomes ACTIVE and the user's email counts as verified
 * (Scalekit: "the email is auto-verified"), then the join event goes out. Throws InvitationLinkError when the
 * link or the membership no longer allows it.
 */
export function acceptInvitation(
  {store, events, invitations}: AcceptDeps,
  token: string,
): {organization: OrganizationRecord; user: UserRecord} {
  const membership = store.memberships.get(invitations.membershipOf(token))
  const organization = membership && store.organizations.get(membership.organizationId)
  const user = membership && store.users.get(membership.userId)
  if (!membership || !organization || !user || membership.status !== MembershipStatus.PENDING_INVITE) {
    throw new InvitationLinkError(
      410,
      'Invitation withdrawn',
      'This invitation is no longer pending: the membership was removed or changed.',
    )
  }
  const now = Date.now()
  const verified = user.profile.emailVerified
    ? user
    : {...user, profile: {...user.profile, emailVerified: true}, updateTime: now}
  store.batch(() => {
    store.memberships.put({...membership, status: MembershipStatus.ACTIVE, acceptTime: now, updateTime: now})
    if (verified !== user) store.users.put(verified)
  })
  invitations.accepted(token)
  events.emit(joinedEvent(organization, verified))
  return {organization, user: verified}
}
