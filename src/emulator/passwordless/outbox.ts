import type {PasswordlessTypeName} from '../../shared/passwordless-rules.js'
import {PasswordlessRequestError} from './settings.js'

interface MessageBase {
  /** `msg_<17 digits>`, increasing: `?after=<id>` asks for what came later. */
  id: string
  to: string
  subject: string
  sentAt: string
  expiresAt: string
}

/** A passwordless email: a one-time code, a magic link or both. */
export interface PasswordlessMessage extends MessageBase {
  kind: 'passwordless'
  template: 'SIGNIN' | 'SIGNUP' | null
  type: PasswordlessTypeName
  /** `send` for SendPasswordlessEmail, `resend` for ResendPasswordlessEmail. */
  reason: 'send' | 'resend'
  authRequestId: string
  otp: string | null
  linkToken: string | null
  magicLink: string | null
  state: string | null
  templateVariables: Record<string, string>
}

/** An invitation to join an organization, with the link that accepts it (served by the emulator). */
export interface InvitationMessage extends MessageBase {
  kind: 'invitation'
  type: 'INVITATION'
  /** `invite` when the membership was created, `resend` for ResendInvite. */
  reason: 'invite' | 'resend'
  organizationId: string
  organizationName: string
  userId: string
  inviterEmail: string | null
  acceptLink: string
}

/** One email the emulator would have sent. */
export type OutboxMessage = PasswordlessMessage | InvitationMessage

/** Enough for any test run; older messages go first, so a long-running emulator keeps bounded memory. */
export const OUTBOX_CAPACITY = 1000
const FIRST_NUMBER = 10n ** 16n
const MESSAGE_ID = /^msg_(\d{17})$/

/** Where emails go instead of a mail server, for apps' tests and `skctl emulator outbox` to read. */
export class Outbox {
  private messages: OutboxMessage[] = []
  private lastNumber = FIRST_NUMBER

  add<M extends OutboxMessage>(message: Omit<M, 'id'>): M {
    this.lastNumber += 1n
    const stored = {id: `msg_${this.lastNumber}`, ...message} as M
    this.messages.push(stored)
    if (this.messages.length > OUTBOX_CAPACITY) this.messages.shift()
    return stored
  }

  /** Oldest first; `to` matches any case, `after` is a message id. */
  list(filter: {to?: string; after?: string} = {}): OutboxMessage[] {
    const to = filter.to?.trim().toLowerCase()
    let after: bigint | undefined
    if (filter.after !== undefined) {
      const number = MESSAGE_ID.exec(filter.after)?.[1]
      if (number === undefined) throw new PasswordlessRequestError('after must be a message id (msg_ and 17 digits)')
      after = BigInt(number)
    }
    return this.messages.filter(
      (message) =>
        (to === undefined || message.to.toLowerCase() === to) &&
        (after === undefined || BigInt(message.id.slice(4)) > after),
    )
  }

  /** Forgets the messages but not the numbering, so a follower polling with `after` sees what comes next. */
  clear(): void {
    this.messages = []
  }
}
