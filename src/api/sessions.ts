import type {DescMessage, MessageShape} from '@bufbuild/protobuf'

import {CliError, invalidInput} from '../errors.js'
import type {Api} from './client.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js'))

/** Session statuses as Scalekit reports and filters them. */
export const SESSION_STATUSES = ['active', 'expired', 'revoked', 'logout'] as const

/** What every view of a session carries (RevokedSessionDetails is this much). */
export interface RevokedSessionJson {
  absoluteExpiresAt?: string
  createdAt?: string
  expiredAt?: string
  idleExpiresAt?: string
  lastActiveAt?: string
  logoutAt?: string
  sessionId: string
  status: string
  updatedAt?: string
  userId: string
}

/** A session as GetSession and GetUserSessions return it, in protobuf JSON form. */
export interface SessionJson extends RevokedSessionJson {
  authenticatedClients: Array<{clientId: string; organizationId: string}>
  authenticatedOrganizations: string[]
  device?: {browser?: string; deviceType?: string; ip?: string; os?: string; userAgent?: string}
  organizationId: string
}

export interface RevokeResult {
  revokedSessions: RevokedSessionJson[]
  totalRevoked: number
}

const SESSION_ID = /^ses_\d+$/

/** A session id as the API validates it, checked before any call so a typo is exit 2 rather than a remote error. */
export function parseSessionId(value: string): string {
  const trimmed = value.trim()
  if (SESSION_ID.test(trimmed)) return trimmed
  throw invalidInput(
    `"${value}" is not a session id`,
    'session ids look like ses_123…: skctl sessions list --user USER',
  )
}

async function toJson<T>(schema: DescMessage, message: MessageShape<DescMessage> | undefined, what: string) {
  if (!message) throw new CliError('api_error', `the API answered without ${what}`)
  return protoJson<T>(schema, message)
}

/** NOT_FOUND names the session; the hint says where ids come from. */
function withHint(error: unknown): never {
  if (error instanceof CliError && error.code === 'not_found') {
    throw new CliError('not_found', error.message, {hint: 'skctl sessions list --user USER'})
  }
  throw error
}

/** A user's sessions, newest last as the API lists them; `statuses` keeps only sessions in one of them. */
export function listUserSessions(
  api: Api,
  userId: string,
  options: {limit?: number; statuses?: string[]},
): Pages<SessionJson> {
  const filter = options.statuses?.length ? {status: options.statuses} : undefined
  return paginate(async (pageToken, pageSize) => {
    const res = await api.call((c) => c.session.getUserSessions(userId, {filter, pageSize, pageToken}))
    const {SessionDetailsSchema} = await schemas()
    return {
      items: await Promise.all(
        res.sessions.map((session) => toJson<SessionJson>(SessionDetailsSchema, session, 'a session')),
      ),
      nextPageToken: res.nextPageToken,
      totalSize: res.totalSize,
    }
  }, options.limit)
}

export async function getSession(api: Api, sessionId: string): Promise<SessionJson> {
  const res = await api.call((c) => c.session.getSession(sessionId)).catch(withHint)
  return toJson<SessionJson>((await schemas()).SessionDetailsSchema, res, 'a session')
}

/** Revokes one session; one that already ended is answered as it is. */
export async function revokeSession(api: Api, sessionId: string): Promise<RevokeResult> {
  const res = await api.call((c) => c.session.revokeSession(sessionId)).catch(withHint)
  const session = await toJson<RevokedSessionJson>(
    (await schemas()).RevokedSessionDetailsSchema,
    res.revokedSession,
    'the revoked session',
  )
  // A session that had ended otherwise (logout, expiry) comes back as it was: nothing was revoked.
  return {revokedSessions: [session], totalRevoked: session.status === 'revoked' ? 1 : 0}
}

/** Revokes every active session of a user: signed out everywhere. */
export async function revokeAllUserSessions(api: Api, userId: string): Promise<RevokeResult> {
  const res = await api.call((c) => c.session.revokeAllUserSessions(userId))
  const {RevokedSessionDetailsSchema} = await schemas()
  return {
    revokedSessions: await Promise.all(
      res.revokedSessions.map((s) => toJson<RevokedSessionJson>(RevokedSessionDetailsSchema, s, 'a session')),
    ),
    totalRevoked: res.totalRevoked,
  }
}
