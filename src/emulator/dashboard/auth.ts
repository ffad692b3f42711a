import {randomBytes} from 'node:crypto'
import {cookieValues, type HttpRequest, parseBasicAuth, safeEqual} from '../http/http-util.js'
import type {OAuthClient} from '../oauth/token-endpoint.js'

/** Like an admin-portal link generated through the API: opened once, within a minute. */
export const LOGIN_LINK_TTL_MS = 60_000
/** A working day; the emulator forgets every session when it stops. */
const SESSION_TTL_MS = 12 * 60 * 60 * 1000
/** Bounds memory whatever asks for links; beyond it the oldest go first. */
const MAX_ENTRIES = 1000
export const DASHBOARD_COOKIE = 'skctl_dashboard'

/**
 * Who may see the dashboard. It shows what only the emulator's client may read through `/_emulator/*` (outbox
 * magic links, webhook signing headers) and can reset everything, so it asks for the same proof: either HTTP
 * Basic with the client id and secret (a browser prompts for them), or a session cookie got from a one-time
 * login link that `skctl emulator open` asks for with those credentials (`POST /_emulator/dashboard-link`).
 * Every form carries the emulator's CSRF token, which other sites cannot read: together with the host check
 * (DNS rebinding) and the SameSite=Strict cookie, another site can neither read the dashboard nor drive it.
 */
export class DashboardAuth {
  /** One per emulator process: readable only from dashboard pages, which need the credentials. */
  readonly csrf = randomBytes(32).toString('base64url')
  private readonly links = new Map<string, number>()
  private readonly sessions = new Map<string, number>()

  constructor(
    private readonly client: OAuthClient,
    private readonly now: () => number,
  ) {}

  /** A new one-time login token, valid for a minute. */
  createLoginToken(): {token: string; expiresAt: number} {
    const token = randomBytes(32).toString('base64url')
    const expiresAt = this.now() + LOGIN_LINK_TTL_MS
    remember(this.links, token, expiresAt)
    return {token, expiresAt}
  }

  /** Uses up a login token; a session id with its lifetime when it was valid. */
  exchange(token: string): {session: string; maxAgeMs: number} | undefined {
    const expiresAt = this.links.get(token)
    this.links.delete(token)
    if (expiresAt === undefined || this.now() > expiresAt) return undefined
    const session = randomBytes(32).toString('base64url')
    remember(this.sessions, session, this.now() + SESSION_TTL_MS)
    return {session, maxAgeMs: SESSION_TTL_MS}
  }

  allowed(request: HttpRequest): boolean {
    const credentials = parseBasicAuth(request.headers.authorization)
    if (credentials) {
      const idMatches = safeEqual(credentials.username, this.client.clientId)
      if (safeEqual(credentials.password, this.client.clientSecret) && idMatches) return true
    }
    for (const value of cookieValues(request.headers.cookie, DASHBOARD_COOKIE)) {
      const expiresAt = this.sessions.get(value)
      if (expiresAt !== undefined && this.now() < expiresAt) return true
    }
    return false
  }

  /** A form post made from a dashboard page. */
  validForm(form: URLSearchParams): boolean {
    return safeEqual(form.get('csrf') ?? '', this.csrf)
  }
}

export function sessionCookie(session: string, maxAgeMs: number): string {
  return `${DASHBOARD_COOKIE}=${session}; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Strict`
}

function remember(map: Map<string, number>, key: string, expiresAt: number): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!)
  map.set(key, expiresAt)
}
