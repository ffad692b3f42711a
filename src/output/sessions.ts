import type {RevokedSessionJson, SessionJson} from '../api/sessions.js'
import type {Column} from './table.js'

/** Timestamps to the second, in UTC as the API gives them: `2025-01-31 09:30:12`. */
const when = (timestamp: string | undefined) => timestamp?.slice(0, 19).replace('T', ' ')

/** When the session ends if nothing else ends it first: the nearer of its idle and absolute timeouts. */
const expires = (session: RevokedSessionJson) =>
  [session.idleExpiresAt, session.absoluteExpiresAt].filter(Boolean).sort()[0]

export const sessionColumns: Column<SessionJson>[] = [
  {header: 'ID', value: (s) => s.sessionId},
  {header: 'STATUS', value: (s) => s.status},
  {header: 'ORG', value: (s) => s.organizationId},
  {header: 'CREATED', value: (s) => when(s.createdAt)},
  {header: 'LAST ACTIVE', value: (s) => when(s.lastActiveAt)},
  {header: 'ENDS', value: (s) => when(s.logoutAt ?? s.expiredAt ?? expires(s))},
  {header: 'DEVICE', value: (s) => s.device?.userAgent},
]

export function sessionRecord(session: SessionJson): Array<[string, string | undefined]> {
  return [
    ['id', session.sessionId],
    ['status', session.status],
    ['user', session.userId],
    ['organization', session.organizationId],
    ['clients', session.authenticatedClients.map((c) => c.clientId).join(', ')],
    ['created', when(session.createdAt)],
    ['last active', when(session.lastActiveAt)],
    ['idle expiry', when(session.idleExpiresAt)],
    ['absolute expiry', when(session.absoluteExpiresAt)],
    ['expired', when(session.expiredAt)],
    ['ended', when(session.logoutAt)],
    ['device', session.device?.userAgent],
    ['ip', session.device?.ip],
  ]
}
