import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampDate, timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  type RevokedSessionDetailsSchema,
  type SessionDetailsSchema,
  SessionService,
  type UserSessionFilter,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js'
import {endSession, expiryOf, type SessionStatus, sessionStatus} from '../oauth/sessions.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {SessionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireUser} from './lookup.js'
import {paginate} from './paging.js'

// Statuses as the SDK documents them: 'active', 'expired', 'revoked', 'logout'.
const STATUSES: readonly SessionStatus[] = ['active', 'expired', 'revoked', 'logout']

/** SessionService: the sessions logins create (see oauth/sessions.ts), read and revoked. */
export const sessionService = defineService(SessionService, {
  getSession({sessionId}, {store}) {
    return toSessionDetails(requireSession(store, sessionId))
  },

  getUserSessions({userId, pageSize, pageToken, filter}, {store}) {
    requireUser(store, userId)
    const now = Date.now()
    const page = paginate(store.sessions.group('userId', userId), {pageSize, pageToken}, matcher(filter, now))
    return {
      sessions: page.items.map((session) => toSessionDetails(session, now)),
      nextPageToken: page.nextPageToken,
      prevPageToken: page.prevPageToken,
      totalSize: page.totalSize,
    }
  },

  revokeSession({sessionId}, {store}) {
    // Revoking a session that already ended changes nothing and still answers with it.
    const session = endSession(store, requireSession(store, sessionId), 'revoked')
    return {revokedSession: toRevokedDetails(session)}
  },

  revokeAllUserSessions({userId}, {store}) {
    requireUser(store, userId)
    const now = Date.now()
    const active = store.sessions.listBy('userId', userId).filter((session) => sessionStatus(session, now) === 'active')
    const revoked = store.batch(() => active.map((session) => endSession(store, session, 'revoked', undefined, now)))
    return {revokedSessions: revoked.map((session) => toRevokedDetails(session, now)), totalRevoked: revoked.length}
  },
})

function requireSession(store: Store, id: string): SessionRecord {
  const session = store.sessions.get(id)
  if (!session) throw notFound(`session ${id} not found`)
  return session
}

/** The filter's statuses (any of them, case-insensitive) and creation-time range [start, end). */
function matcher(
  filter: UserSessionFilter | undefined,
  now: number,
): ((session: SessionRecord) => boolean) | undefined {
  if (!filter) return undefined
  const statuses = filter.status.map((status) => status.trim().toLowerCase()).filter(Boolean)
  const unknown = statuses.find((status) => !STATUSES.includes(status as SessionStatus))
  if (unknown !== undefined) throw invalidArgument(`filter.status ${unknown} is not one of ${STATUSES.join(', ')}`)
  const start = filter.startTime ? timestampDate(filter.startTime).getTime() : undefined
  const end = filter.endTime ? timestampDate(filter.endTime).getTime() : undefined
  if (start !== undefined && end !== undefined && end <= start) {
    throw invalidArgument('filter.end_time must be after filter.start_time')
  }
  return (session) =>
    (statuses.length === 0 || statuses.includes(sessionStatus(session, now))) &&
    (start === undefined || session.createTime >= start) &&
    (end === undefined || session.createTime < end)
}

/** The times every kind of session detail shares. */
function times(session: SessionRecord, now: number) {
  const status = sessionStatus(session, now)
  return {
    sessionId: session.id,
    userId: session.userId,
    status,
    createdAt: timestampFromMs(session.createTime),
    updatedAt: timestampFromMs(session.updateTime),
    lastActiveAt: timestampFromMs(session.lastActiveTime),
    absoluteExpiresAt: timestampFromMs(session.absoluteExpireTime),
    ...(session.idleTimeoutMs === undefined
      ? {}
      : {idleExpiresAt: timestampFromMs(session.lastActiveTime + session.idleTimeoutMs)}),
    ...(status === 'expired' ? {expiredAt: timestampFromMs(expiryOf(session))} : {}),
    ...(session.ended ? {logoutAt: timestampFromMs(session.ended.time)} : {}),
  }
}

function toSessionDetails(session: SessionRecord, now = Date.now()): MessageInitShape<typeof SessionDetailsSchema> {
  return {
    ...times(session, now),
    organizationId: session.organizationId,
    authenticatedOrganizations: [session.organizationId],
    authenticatedClients: [{clientId: session.clientId, organizationId: session.organizationId}],
    device: {userAgent: session.userAgent ?? '', ip: session.ip ?? ''},
  }
}

function toRevokedDetails(
  session: SessionRecord,
  now = Date.now(),
): MessageInitShape<typeof RevokedSessionDetailsSchema> {
  return times(session, now)
}
