import {randomBytes} from 'node:crypto'
import {cookieValues, type HttpRequest} from '../http/http-util.js'
import type {PortalLinkRecord} from '../store/records.js'
import type {UiEvent} from './ui-events.js'

/** Scalekit's embedded portal session times out after 6 hours. */
export const PORTAL_SESSION_TTL_MS = 6 * 60 * 60 * 1000
/** Enough for any test run; beyond it the oldest sessions go first, so a flood cannot exhaust memory. */
const MAX_SESSIONS = 10_000
const COOKIE_NAME = 'skctl_portal'

/** A message shown once, on the next page after a form post. */
export interface Flash {
  kind: 'ok' | 'error' | 'info'
  text: string
  /** Further lines (a test's findings, say). */
  lines?: string[]
  /** A secret shown this once and never again (a SCIM bearer token). */
  secret?: string
}

/** What one browser holds after exchanging a portal link: the cookie's value is `id`. */
export interface PortalSession {
  id: string
  linkId: string
  organizationId: string
  /** Every form carries it; a post without it is refused (cross-site request forgery). */
  csrf: string
  expiresAt: number
  flash?: Flash
  /** UI events for the embedding page, posted by the next page shown. */
  events: UiEvent[]
  /** Test-connection runs waiting for the IdP simulator: OAuth state -> the connection and its test request. */
  tests: Map<string, {connectionId: string; testId: string}>
}

/**
 * Portal sessions live in memory: like login requests they are useless after a restart (the link that made them
 * is used up, so a restart ends them). Expiry is checked by the caller against its own clock.
 */
export class PortalSessions {
  private readonly sessions = new Map<string, PortalSession>()

  create(link: PortalLinkRecord, expiresAt: number): PortalSession {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    const session: PortalSession = {
      id: randomBytes(32).toString('base64url'),
      linkId: link.id,
      organizationId: link.organizationId,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt,
      events: [],
      tests: new Map(),
    }
    this.sessions.set(session.id, session)
    return session
  }

  /**
   * The session of `link` among the request's portal cookies. A browser may hold one cookie per portal link it
   * opened; each is scoped to its link's path, so the cookie header can carry several.
   */
  find(request: HttpRequest, link: PortalLinkRecord): PortalSession | undefined {
    for (const value of cookieValues(request.headers.cookie, COOKIE_NAME)) {
      const session = this.sessions.get(value)
      if (session?.linkId === link.id) return session
    }
    return undefined
  }

  end(id: string): void {
    this.sessions.delete(id)
  }
}

/** HttpOnly (scripts never see it), SameSite=Lax (other sites cannot post with it), scoped to the link's path. */
export function sessionCookie(path: string, session: PortalSession, maxAgeMs: number): string {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000))
  return `${COOKIE_NAME}=${session.id}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`
}

/** Tells the browser to drop the cookie of an ended session. */
export function clearedCookie(path: string): string {
  return `${COOKIE_NAME}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax`
}
