import {HOSTED_LOGIN_PATH} from '../hosted-login/hosted-logins.js'
import type {OutboxMessage} from '../passwordless/outbox.js'
import type {SIMULATED_ERRORS} from './simulator-page.js'

/** The user who signs in on the IdP simulator and, optionally, the error the IdP answers instead. */
export interface SimulatedLogin {
  email: string
  firstName?: string
  lastName?: string
  /** Custom attributes, sent as extra claims of the ID token. */
  attributes?: Record<string, string>
  /** Make the IdP answer with this OAuth error instead of signing the user in (the simulator's "Error" scenario). */
  error?: (typeof SIMULATED_ERRORS)[number]
}

/** Where the login starts when the app has not built an authorization URL itself. */
export interface LoginRequestParams {
  /** The app's callback: an http loopback URI, or one registered with the emulator. */
  redirectUri: string
  /** Which SSO connection signs the user in; by default the one of the email's organization domain. */
  organizationId?: string
  connectionId?: string
  state?: string
  nonce?: string
  /** The S256 PKCE challenge of the app's code verifier. */
  codeChallenge?: string
}

export type CompleteLoginOptions = SimulatedLogin &
  (
    | {
        /** The authorization URL the app built (say, with the SDK's `getAuthorizationUrl`), as a browser would open it. */
        authorizationUrl: string
      }
    | ({authorizationUrl?: undefined} & LoginRequestParams)
  )

/** Fields of a page or OAuth error the emulator answered instead of the next step of the login. */
export class LoginFlowError extends Error {
  override name = 'LoginFlowError'
}

/** The emulator a login is played against; `outbox` reads the passwordless email the hosted login page sends. */
export interface LoginTarget {
  url: string
  clientId: string
  outbox: (filter: {to?: string; after?: string}) => Promise<OutboxMessage[]>
}

/**
 * Plays a browser through the emulator's login: opens the authorization URL, enters the email on the hosted login
 * page when the request named no connection (and, when the email's domain has no SSO, types the emailed code or
 * opens the magic link), submits the IdP simulator's form for the user, and returns the URL the browser would then
 * open — the app's callback with `code` and `state` (or `error` and `error_description`) — without following it, so
 * the app's own test can call its callback handler.
 */
export async function completeLogin(emulator: LoginTarget, options: CompleteLoginOptions): Promise<string> {
  const authorize = new URL(options.authorizationUrl ?? authorizationUrl(emulator, options))
  if (authorize.origin !== new URL(emulator.url).origin) {
    throw new LoginFlowError(`${authorize.origin} is not this emulator (${emulator.url}): build the URL against it`)
  }
  let simulator = await redirectOf(await fetch(authorize, {redirect: 'manual'}), authorize)
  if (simulator.pathname.startsWith(HOSTED_LOGIN_PATH)) {
    const next = await throughHostedLogin(emulator, simulator, options)
    if (!next.pathname.startsWith('/sso/idp-simulator/')) return next.href
    simulator = next
  }
  if (!simulator.pathname.startsWith('/sso/idp-simulator/')) {
    // The emulator refused the request and sent the error back to the app's redirect URI, as Scalekit does.
    return simulator.href
  }
  const form = new URLSearchParams(options.error ? {scenario: 'error', error: options.error} : signInFields(options))
  const posted = await fetch(simulator, {body: form, method: 'POST', redirect: 'manual'})
  return (await redirectOf(posted, simulator)).href
}

/**
 * The hosted login page: the email goes in; an SSO domain comes back as the IdP simulator's URL, anyone else gets
 * a passwordless email, whose code is typed in (or whose magic link is opened), and the app's callback comes back.
 */
async function throughHostedLogin(emulator: LoginTarget, page: URL, user: SimulatedLogin): Promise<URL> {
  const before = (await emulator.outbox({to: user.email})).at(-1)?.id
  const submitted = await fetch(page, {
    body: new URLSearchParams({step: 'email', email: user.email}),
    method: 'POST',
    redirect: 'manual',
  })
  if (submitted.status !== 200) return redirectOf(submitted, page)
  await submitted.body?.cancel()
  const email = (await emulator.outbox({to: user.email, ...(before ? {after: before} : {})})).at(-1)
  if (email?.kind !== 'passwordless') throw new LoginFlowError(`no passwordless email reached ${user.email}`)
  if (user.error) {
    throw new LoginFlowError(
      `${user.email} signs in with passwordless email, not an IdP: there is no IdP error to simulate`,
    )
  }
  if (email.otp) {
    const body = new URLSearchParams({step: 'code', code: email.otp})
    return redirectOf(await fetch(page, {body, method: 'POST', redirect: 'manual'}), page)
  }
  const link = new URL(email.magicLink!)
  return redirectOf(await fetch(link, {redirect: 'manual'}), link)
}

/** The simulator form's "User login via SSO" fields; custom attributes are its `attr.<name>` fields. */
function signInFields(user: SimulatedLogin): Record<string, string> {
  const fields = {scenario: 'sp', email: user.email, first_name: user.firstName ?? '', last_name: user.lastName ?? ''}
  const attributes = Object.entries(user.attributes ?? {}).map(([name, value]) => [`attr.${name}`, value])
  return {...fields, ...Object.fromEntries(attributes)}
}

function authorizationUrl(emulator: LoginTarget, params: LoginRequestParams & SimulatedLogin) {
  const url = new URL('/oauth/authorize', emulator.url)
  const set = (name: string, value: string | undefined) => value !== undefined && url.searchParams.set(name, value)
  set('response_type', 'code')
  set('client_id', emulator.clientId)
  set('redirect_uri', params.redirectUri)
  set('scope', 'openid email profile')
  set('organization_id', params.organizationId)
  set('connection_id', params.connectionId)
  set('login_hint', params.email)
  set('state', params.state)
  set('nonce', params.nonce)
  if (params.codeChallenge !== undefined) {
    set('code_challenge', params.codeChallenge)
    set('code_challenge_method', 'S256')
  }
  return url
}

/** The redirect's target; an error page (bad client or redirect URI, unknown request) becomes a LoginFlowError. */
async function redirectOf(response: Response, base: URL): Promise<URL> {
  const location = response.headers.get('location')
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel()
    return new URL(location, base)
  }
  // Our own pages: an error page's description or the simulator form's alert, escaped as numeric entities.
  const page = await response.text()
  const escaped = /<p (?:id="error_description"|class="error" role="alert")>([^<]*)<\/p>/.exec(page)?.[1]
  const reason =
    escaped?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))) ?? `HTTP ${response.status}`
  const step = base.pathname.startsWith('/sso/idp-simulator/')
    ? 'the IdP simulator'
    : base.pathname.startsWith(HOSTED_LOGIN_PATH)
      ? 'the hosted login page'
      : base.pathname
  throw new LoginFlowError(`the login stopped at ${step}: ${reason}`)
}
