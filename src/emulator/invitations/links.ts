import {randomBytes} from 'node:crypto'
import {type Clock, systemClock} from '../clock.js'
import type {InvitationMessage, Outbox} from '../passwordless/outbox.js'
import type {MembershipRecord, OrganizationRecord, UserRecord} from '../store/records.js'

/** Where an invitation email's accept link points; the token after it is a bearer credential. */
export const ACCEPT_PATH = '/invitations/accept/'

/** Enough for any test run; the oldest links go first, so memory stays bounded. */
const MAX_LINKS = 10_000

interface AcceptLink {
  membershipId: string
  expiresAt: number
  /** open until accepted, or replaced by the link of a newer email for the same membership. */
  state: 'open' | 'accepted' | 'replaced'
}

/** Why an accept link cannot be used: shown as a page with this status. */
export class InvitationLinkError extends Error {
  constructor(
    readonly status: 404 | 410,
    readonly title: string,
    message: string,
  ) {
    super(message)
  }
}

export interface InvitationEmail {
  organization: OrganizationRecord
  user: UserRecord
  /** Pending, with the expiry the link shares. */
  membership: MembershipRecord
  /** The origin the API client used: the accept link must be reachable the same way. */
  origin: string
  reason: InvitationMessage['reason']
}

/**
 * Invitation emails and their accept links. Each email gets a new random link and retires the links of earlier
 * emails for the same membership, as a resent invitation does. Links live in memory, like the outbox that shows
 * them: after a restart, resend the invitation.
 */
export class InvitationLinks {
  private readonly links = new Map<string, AcceptLink>()

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock = systemClock,
  ) {}

  send({organization, user, membership, origin, reason}: InvitationEmail): InvitationMessage {
    for (const link of this.links.values()) {
      if (link.membershipId === membership.id && link.state === 'open') link.state = 'replaced'
    }
    const token = randomBytes(24).toString('base64url')
    const expiresAt = membership.inviteExpireTime ?? this.clock()
    this.links.set(token, {membershipId: membership.id, expiresAt, state: 'open'})
    if (this.links.size > MAX_LINKS) this.links.delete(this.links.keys().next().value!)
    return this.outbox.add<InvitationMessage>({
      kind: 'invitation',
      to: user.email,
      subject: `You are invited to join ${organization.displayName}`,
      type: 'INVITATION',
      reason,
      organizationId: organization.id,
      organizationName: organization.displayName,
      userId: user.id,
      inviterEmail: membership.inviterEmail ?? null,
      acceptLink: `${origin}${ACCEPT_PATH}${token}`,
      sentAt: new Date(this.clock()).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    })
  }

  /** The membership an open, unexpired link accepts; throws InvitationLinkError for any other link. */
  membershipOf(token: string): string {
    const link = this.links.get(token)
    if (!link) {
      throw new InvitationLinkError(
        404,
        'Invitation not found',
        'This invitation link is not valid. Ask for a new invitation.',
      )
    }
    if (link.state === 'accepted') {
      throw new InvitationLinkError(
        410,
        'Invitation already accepted',
        'This invitation has already been accepted: sign in to the application instead.',
      )
    }
    if (link.state === 'replaced') {
      throw new InvitationLinkError(
        410,
        'Invitation replaced',
        'A newer invitation email was sent for this membership: use the link in the latest email.',
      )
    }
    if (this.clock() >= link.expiresAt) {
      throw new InvitationLinkError(
        410,
        'Invitation expired',
        `This invitation expired on ${new Date(link.expiresAt).toISOString()}. Ask the organization to send it again.`,
      )
    }
    return link.membershipId
  }

  /** Uses the link up: opening it again says so. */
  accepted(token: string): void {
    const link = this.links.get(token)
    if (link) link.state = 'accepted'
  }

  reset(): void {
    this.links.clear()
  }
}
