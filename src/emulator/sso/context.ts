import type {EventBus} from '../events/bus.js'
import type {BrowserSignIns} from '../passkeys/browser-sign-ins.js'
import type {HostedLogins} from '../hosted-login/hosted-logins.js'
import type {OAuthClient} from '../oauth/token-endpoint.js'
import type {PasswordlessState} from '../passwordless/state.js'
import type {RotatingKey} from '../oauth/rotating-key.js'
import type {Store} from '../store/store.js'
import type {AuthorizationCodes} from './codes.js'
import type {FaultSwitches} from './faults.js'
import type {LoginRequests} from './login-requests.js'
import type {RedirectRegistry} from './redirects.js'

/** Everything the SSO endpoints (authorize, IdP simulator, code grant, logout) share. */
export interface SsoContext {
  store: Store
  /** Logins raise Scalekit's user events (`user.signup`, `user.login`, `user.logout`) and the organizations they create. */
  events: EventBus
  client: OAuthClient
  key: RotatingKey
  redirects: RedirectRegistry
  loginRequests: LoginRequests
  codes: AuthorizationCodes
  faults: FaultSwitches
  /** Which browser's login became which session: the passkeys page serves that session's user. */
  browserSignIns: BrowserSignIns
  /** Authorization requests waiting on the hosted login page (full-stack auth, no connection selector). */
  hostedLogins: HostedLogins
  /** The hosted login page signs people in with passwordless email when their domain has no SSO. */
  passwordless: PasswordlessState
  /** The environment's "Full-Stack Auth" switch (Dashboard > Authentication > General); see `fullStackAuth`. */
  settings: SsoSettings
  /** Where the IdP-initiated scenario sends the user; the login request's redirect URI when unset. */
  initiateLoginUri?: string
}

/** An error of `/oauth/authorize` that is reported to the client through its redirect URI. */
export class AuthorizeError extends Error {
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description)
  }
}

export interface SsoSettings {
  /**
   * On (Scalekit's default for a new environment): an authorize request with no connection selector goes to the
   * hosted login page. Off is Scalekit's Modular SSO ("Disable Full-Stack Auth"), where such a request fails with
   * `invalid_connection_selector` (sso-integration-errors; docs-facts §2.1 "SSO-only mode").
   */
  fullStackAuth: boolean
}
