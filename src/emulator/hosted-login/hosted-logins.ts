import {randomBytes} from 'node:crypto'
import type {PasswordlessTypeName} from '../../shared/passwordless-rules.js'
import {ExpiringMap} from '../sso/expiring-map.js'
import {LOGIN_REQUEST_TTL_MS, type LoginRequest} from '../sso/login-requests.js'

/**
 * An authorization request on the hosted login page. `request` is what `/oauth/authorize` validated, with no
 * organization or connection yet: the email typed on the page decides them. The same object goes on to the code,
 * so the auth log entry started for it follows the login to its end.
 */
export interface HostedLogin {
  id: string
  request: LoginRequest
  /** The passwordless email the page sent, once the user asked for one. */
  email?: {
    address: string
    authRequestId: string
    type: PasswordlessTypeName
    /** The value of the cookie set on the browser that asked for the email (same-browser enforcement). */
    browser: string
  }
}

/** Where the hosted login page lives; the id after it is the only credential, like the IdP simulator's. */
export const HOSTED_LOGIN_PATH = '/oauth/hosted-login/'
/** Marks the browser that asked for the email; scoped to the login's own path. */
export const BROWSER_COOKIE = 'sk_hosted_login'
/** The magic link of a hosted login points here, below the page's own path. */
export const MAGIC_LINK_SUFFIX = '/verify'

export class HostedLogins {
  private readonly logins = new ExpiringMap<HostedLogin>(LOGIN_REQUEST_TTL_MS)

  create(request: Omit<LoginRequest, 'id' | 'organizationId' | 'connectionId'>): HostedLogin {
    const id = `hlreq_${randomBytes(16).toString('hex')}`
    const login: HostedLogin = {id, request: {id, ...request, organizationId: '', connectionId: ''}}
    this.logins.set(id, login)
    return login
  }

  get(id: string): HostedLogin | undefined {
    return this.logins.get(id)
  }

  /** The login ends here: routed to SSO, or signed in. A second submit finds nothing. */
  take(id: string): HostedLogin | undefined {
    return this.logins.take(id)
  }

  clear(): void {
    this.logins.clear()
  }
}
