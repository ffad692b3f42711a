import type {RpcContext} from '../rpc/service-definition.js'
import type {MembershipRecord, OrganizationRecord, UserRecord} from '../store/records.js'
import {invitedEvent} from './events.js'
import type {InvitationEmail} from './links.js'

/**
 * What Scalekit does for a membership created with an invitation (or an invitation resent): the email with its
 * accept link lands in the outbox, and a first invitation raises `user.organization_invitation`.
 */
export function sendInvitation(
  {invitations, events, origin}: Pick<RpcContext, 'invitations' | 'events' | 'origin'>,
  invite: {organization: OrganizationRecord; user: UserRecord; membership: MembershipRecord},
  reason: InvitationEmail['reason'],
): void {
  invitations.send({...invite, origin, reason})
  if (reason === 'invite') events.emit(invitedEvent(invite.organization, invite.user))
}
