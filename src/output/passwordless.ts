import type {EmailSent, EmailVerified} from '../api/passwordless.js'
import type {OutboxMessage} from '../emulator-control/passwordless.js'
import {shownText} from './escape.js'
import type {Column} from './table.js'

export function sentRecord(sent: EmailSent & {email?: string}): Array<[string, string | undefined]> {
  return [
    ['auth request id', sent.authRequestId],
    ['email', sent.email],
    ['type', sent.passwordlessType],
    ['expires', `${sent.expiresAt} (in ${sent.expiresIn} s)`],
  ]
}

export function verifiedRecord(verified: EmailVerified): Array<[string, string | undefined]> {
  return [
    ['email', verified.email],
    ['type', verified.passwordlessType],
    ['template', verified.template ?? undefined],
    ['state', verified.state ?? undefined],
  ]
}

/** `2030-01-01T12:00:00.000Z` → `2030-01-01 12:00:00`: a list of emails needs no milliseconds. */
const shortTime = (iso: string) => iso.slice(0, 19).replace('T', ' ')

/** TYPE is OTP, LINK, LINK_OTP or INVITATION; LINK the magic link or the invitation's accept link. */
export const outboxColumns: Column<OutboxMessage>[] = [
  {header: 'TIME', value: (m) => shortTime(m.sentAt)},
  {header: 'TO', value: (m) => m.to},
  {header: 'TYPE', value: (m) => m.type},
  {header: 'OTP', value: (m) => (m.kind === 'passwordless' ? (m.otp ?? '') : '')},
  {header: 'LINK', value: (m) => (m.kind === 'passwordless' ? (m.magicLink ?? '') : m.acceptLink)},
]

/** `--follow` prints rows as they arrive, so its columns have fixed widths instead of a table's measured ones. */
const FOLLOW_WIDTHS = [19, 30, 8, 6]

export function followLine(cells: string[]): string {
  return cells
    .map((cell, i) => cell.padEnd(FOLLOW_WIDTHS[i] ?? 0))
    .join('  ')
    .trimEnd()
}

export const followHeader = () => followLine(outboxColumns.map((c) => c.header))
export const followRow = (m: OutboxMessage) => followLine(outboxColumns.map((c) => shownText(c.value(m))))
