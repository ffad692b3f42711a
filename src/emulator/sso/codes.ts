import {createHash, randomBytes} from 'node:crypto'
import {ExpiringMap} from './expiring-map.js'
import type {LoginRequest} from './login-requests.js'

/** Authorization codes are short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes; 60 s is plenty locally). */
export const CODE_TTL_MS = 60 * 1000

/** The user as entered on the IdP simulator page. */
export interface SimulatedUser {
  email: string
  givenName: string
  familyName: string
  /** Custom attributes by claim name. */
  customAttributes: Record<string, string>
}

/** The browser that signed in, as the session's device details show it. */
export interface LoginDevice {
  userAgent?: string
  ip?: string
}

/** What a code stands for: the login request it ends, the user who signed in and from where. */
export interface CodeGrant {
  code: string
  request: LoginRequest
  user: SimulatedUser
  device: LoginDevice
  /**
   * Set when the login already signed the user in as a user of the environment (the hosted login page's
   * passwordless sign-in): the session is a full-stack one whatever the scopes, for this user.
   */
  userId?: string
}

export class AuthorizationCodes {
  private readonly codes = new ExpiringMap<CodeGrant>(CODE_TTL_MS)

  /** An opaque one-time code bound to the login request (client, redirect URI, PKCE challenge, nonce) and user. */
  mint(request: LoginRequest, user: SimulatedUser, device: LoginDevice = {}, userId?: string): string {
    const code = `code_${randomBytes(32).toString('base64url')}`
    this.codes.set(code, {code, request, user, device, ...(userId === undefined ? {} : {userId})})
    return code
  }

  /** Redeems a code: it is gone afterwards even if the caller then rejects the request (RFC 6749 §4.1.2). */
  take(code: string): CodeGrant | undefined {
    return this.codes.take(code)
  }

  clear(): void {
    this.codes.clear()
  }
}

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/** S256: BASE64URL(SHA256(ASCII(verifier))) must equal the challenge sent to /oauth/authorize. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER.test(verifier) && createHash('sha256').update(verifier).digest('base64url') === challenge
}
