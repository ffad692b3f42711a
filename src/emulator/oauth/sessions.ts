import {createHash, randomBytes} from 'node:crypto'
import {APPLICATION_SESSION_POLICY} from '../services/session-policy.js'
import type {SessionEnd, SessionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

// Sessions as Scalekit's full-stack auth documents them: one per login, bounded by the organization's session
// policy (absolute and idle timeouts), with a refresh token that rotates on every use (OAuth 2.1 §4.3.1, RFC 9700
// §4.14.2): presenting a rotated-out token again is taken as theft and revokes the session.

export type SessionStatus = 'active' | 'expired' | SessionEnd

/** How many rotated-out refresh tokens a session remembers for reuse detection. */
const USED_TOKENS_KEPT = 50
/** `rt_<session number>_<secret>`: the session is found without a scan, the secret is only ever compared hashed. */
const REFRESH_TOKEN = /^rt_(\d{1,20})_([A-Za-z0-9_-]{43})$/

/** What a login knows when it starts the session; the rest follows from the session policy and the clock. */
export type NewSession = Omit<
  SessionRecord,
  | 'id'
  | 'ended'
  | 'absoluteExpireTime'
  | 'idleTimeoutMs'
  | 'lastActiveTime'
  | 'refreshTokenHash'
  | 'usedRefreshTokenHashes'
  | 'createTime'
  | 'updateTime'
>

/** Stores a new active session under the organization's session policy (the application's unless it has one). */
export function startSession(store: Store, input: NewSession, now = Date.now()): SessionRecord {
  const policy = store.organizations.get(input.organizationId)?.sessionPolicy ?? APPLICATION_SESSION_POLICY
  const session: SessionRecord = {
    id: store.newId('ses'),
    ...withoutEmpty(input),
    absoluteExpireTime: now + policy.absoluteTimeoutMinutes * 60_000,
    ...(policy.idleTimeoutEnabled ? {idleTimeoutMs: policy.idleTimeoutMinutes * 60_000} : {}),
    lastActiveTime: now,
    createTime: now,
    updateTime: now,
  }
  store.sessions.put(session)
  return session
}

/** `expired` is not stored: a session is expired from the moment one of its timeouts passes. */
export function sessionStatus(session: SessionRecord, now = Date.now()): SessionStatus {
  if (session.ended) return session.ended.how
  return now >= expiryOf(session) ? 'expired' : 'active'
}

/** When the session expires (or expired) if nothing else ends it first. */
export function expiryOf(session: SessionRecord): number {
  const idle = session.idleTimeoutMs === undefined ? Infinity : session.lastActiveTime + session.idleTimeoutMs
  return Math.min(session.absoluteExpireTime, idle)
}

/** Ends an active session; one that already ended or expired stays as it is. Returns the session afterwards. */
export function endSession(
  store: Store,
  session: SessionRecord,
  how: SessionEnd,
  reason?: string,
  now = Date.now(),
): SessionRecord {
  if (sessionStatus(session, now) !== 'active') return session
  // The refresh token hash stays: presenting the token later is answered with why it no longer works.
  const ended: SessionRecord = {...session, ended: {how, time: now, ...(reason ? {reason} : {})}, updateTime: now}
  store.sessions.put(ended)
  return ended
}

/** A new refresh token for the session; the one it replaces (if any) joins the used ones. */
export function issueRefreshToken(store: Store, session: SessionRecord, now = Date.now()): string {
  const token = `rt_${session.id.slice('ses_'.length)}_${randomBytes(32).toString('base64url')}`
  const used = session.refreshTokenHash
    ? [...(session.usedRefreshTokenHashes ?? []), session.refreshTokenHash].slice(-USED_TOKENS_KEPT)
    : session.usedRefreshTokenHashes
  store.sessions.put({
    ...session,
    refreshTokenHash: hashToken(token),
    ...(used ? {usedRefreshTokenHashes: used} : {}),
    lastActiveTime: now,
    updateTime: now,
  })
  return token
}

export type RefreshLookup =
  {outcome: 'current'; session: SessionRecord} | {outcome: 'reused'; session: SessionRecord} | {outcome: 'unknown'}

/** What a presented refresh token is: the session's current one, one it rotated out, or nothing of ours. */
export function lookUpRefreshToken(store: Store, token: string): RefreshLookup {
  const number = REFRESH_TOKEN.exec(token)?.[1]
  const session = number === undefined ? undefined : store.sessions.get(`ses_${number}`)
  if (!session) return {outcome: 'unknown'}
  const hash = hashToken(token)
  if (session.refreshTokenHash === hash) return {outcome: 'current', session}
  if (session.usedRefreshTokenHashes?.includes(hash)) return {outcome: 'reused', session}
  return {outcome: 'unknown'}
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** Stored records hold no undefined members (they are plain JSON values). */
function withoutEmpty<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T
}

/** "session ses_1 was revoked": why a session's tokens no longer work, for error descriptions. */
export function whyInactive(session: SessionRecord, status: SessionStatus): string {
  const words: Record<SessionStatus, string> = {
    active: 'is active',
    expired: 'has expired',
    revoked: 'was revoked',
    logout: 'was logged out',
  }
  return `session ${session.id} ${words[status]}`
}
