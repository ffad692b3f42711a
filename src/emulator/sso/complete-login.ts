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

/**
 * Plays a browser through the emulator's login: opens the authorization URL, submits the IdP simulator's form for
 * the user, and returns the URL the browser would then open — the app's callback with `code` and `state` (or
 * `error` and `error_description`) — without following it, so the app's own test can call its callback handler.
 */
export async function completeLogin(
  emulator: {url: string; clientId: string},
  options: CompleteLoginOptions,
): Promise<string> {
  const authorize = new URL(options.authorizationUrl ?? authorizationUrl(emulator, options))
  if (authorize.origin !== new URL(emulator.url).origin) {
    throw new LoginFlowError(`${authorize.origin} is not this emulator (${emulator.url}): build the URL against it`)
  }
  const simulator = await redirectOf(await fetch(authorize, {redirect: 'manual'}), authorize)
  if (!simulator.pathname.startsWith('/sso/idp-simulator/')) {
    // The emulator refused the request and sent the error back to the app's redirect URI, as Scalekit does.
    return simulator.href
  }
  const form = new URLSearchParams(options.error ? {scenario: 'error', error: options.error} : signInFields(options))
  const posted = await fetch(simulator, {body: form, method: 'POST', redirect: 'manual'})
  return (await redirectOf(posted, simulator)).href
}

/** The simulator form's "User login via SSO" fields; custom attributes are its `attr.<name>` fields. */
function signInFields(user: SimulatedLogin): Record<string, string> {
  const fields = {scenario: 'sp', email: user.email, first_name: user.firstName ?? '', last_name: user.lastName ?? ''}
  const attributes = Object.entries(user.attributes ?? {}).map(([name, value]) => [`attr.${name}`, value])
  return {...fields, ...Object.fromEntries(attributes)}
}

function authorizationUrl(emulator: {url: string; clientId: string}, params: LoginRequestParams & SimulatedLogin) {
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
  const step = base.pathname.startsWith('/sso/idp-simulator/') ? 'the IdP simulator' : base.pathname
  throw new LoginFlowError(`the login stopped at ${step}: ${reason}`)
}
