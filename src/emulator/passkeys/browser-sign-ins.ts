import {randomBytes} from 'node:crypto'
import {cookieValues, type HttpRequest} from '../http/http-util.js'
import {ExpiringMap} from '../sso/expiring-map.js'

/** How long a browser stays signed in to the passkeys page after a login (its session must also stay active). */
export const BROWSER_SIGN_IN_TTL_MS = 60 * 60 * 1000
/** A hand-over link from the loopback IP to the passkeys host is followed at once by the browser. */
const HANDOFF_TTL_MS = 60 * 1000
/** A ceremony (options to response) takes one user gesture; WebAuthn's own timeout is 60 s. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000
const COOKIE_NAME = 'skctl_signin'
export const PASSKEYS_PATH = '/passkeys'

/** One browser's login through the emulator: the session it became once the app redeemed the code. */
export interface BrowserSignIn {
  id: string
  sessionId?: string
}

/**
 * Which browser signed in as whom. The IdP simulator gives the browser a cookie when it hands out a code; when the
 * app redeems that code, the session it starts is tied to the cookie. The passkeys page serves that session's user
 * while the session is active: revoking it or logging out signs the browser out of the page too. In memory only,
 * like login requests and codes.
 */
export class BrowserSignIns {
  private readonly signIns = new ExpiringMap<BrowserSignIn>(BROWSER_SIGN_IN_TTL_MS)
  private readonly byCode = new ExpiringMap<BrowserSignIn>(BROWSER_SIGN_IN_TTL_MS)
  private readonly handoffs = new ExpiringMap<string>(HANDOFF_TTL_MS)
  private readonly challenges = new ExpiringMap<string>(CHALLENGE_TTL_MS)

  /** A new sign-in for the browser that got `code`; the value is the cookie's. */
  start(code: string): BrowserSignIn {
    const signIn: BrowserSignIn = {id: randomBytes(32).toString('base64url')}
    this.signIns.set(signIn.id, signIn)
    this.byCode.set(code, signIn)
    return signIn
  }

  /** The app redeemed `code`, which started `sessionId`. */
  redeemed(code: string, sessionId: string): void {
    const signIn = this.byCode.take(code)
    if (signIn) signIn.sessionId = sessionId
  }

  /** The sign-in of the request's cookie, if it is still known. */
  find(request: HttpRequest): BrowserSignIn | undefined {
    for (const value of cookieValues(request.headers.cookie, COOKIE_NAME)) {
      const signIn = this.signIns.get(value)
      if (signIn) return signIn
    }
    return undefined
  }

  /** A one-time ticket that carries the sign-in to another host name of the emulator (cookies do not). */
  handoff(signIn: BrowserSignIn): string {
    const ticket = randomBytes(32).toString('base64url')
    this.handoffs.set(ticket, signIn.id)
    return ticket
  }

  takeHandoff(ticket: string): BrowserSignIn | undefined {
    const id = this.handoffs.take(ticket)
    return id === undefined ? undefined : this.signIns.get(id)
  }

  /** Remembers the challenge of a ceremony the browser started; a new one replaces it. */
  setChallenge(key: string, challenge: string): void {
    this.challenges.set(key, challenge)
  }

  /** The challenge of the ceremony under way, used up by the one response that answers it. */
  takeChallenge(key: string): string | undefined {
    return this.challenges.take(key)
  }

  clear(): void {
    this.signIns.clear()
    this.byCode.clear()
    this.handoffs.clear()
    this.challenges.clear()
  }
}

/** HttpOnly (scripts never see it), SameSite=Lax (another site cannot post with it), only for the passkeys page. */
export function signInCookie(signIn: BrowserSignIn, secure: boolean): string {
  const maxAge = BROWSER_SIGN_IN_TTL_MS / 1000
  return `${COOKIE_NAME}=${signIn.id}; Path=${PASSKEYS_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}
