import {type HttpResponse, safeEqual, sendRedirect} from '../http/http-util.js'
import {authLogOf, requestFacts} from '../auth-logs/auth-log.js'
import {sendErrorPage} from '../pages/html.js'
import {AuthorizeError, type SsoContext} from './context.js'
import {customAuthOf} from '../custom-auth/custom-auth.js'
import {HOSTED_LOGIN_PATH} from '../hosted-login/hosted-logins.js'
import type {LoginRequest} from './login-requests.js'
import {type ConnectionSelectors, selectConnection} from './select-connection.js'

export const SIMULATOR_PATH = '/sso/idp-simulator/'

/** RFC 7636 §4.2: the S256 challenge is 43 base64url characters; allow the spec's full 43–128 range. */
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/
/** Parameters that must not repeat (RFC 6749 §3.1): a repeated one is ambiguous. */
const SINGLE_VALUED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'login_hint',
  'domain',
  'domain_hint',
  'connection_id',
  'organization_id',
  'provider',
  'code_challenge',
  'code_challenge_method',
  'prompt',
]

/**
 * `GET /oauth/authorize`. The client and redirect URI are checked first: until both are known good, errors are
 * shown as a page and never redirected (RFC 6749 §4.1.2.1: no open redirector). Every later error goes back to
 * the redirect URI with `error`, `error_description` and `state`. Success stores a login request and sends the
 * browser to the IdP simulator, or, with full-stack auth and nothing that routes to SSO, to the hosted login page
 * (or to the app's own login endpoint when custom auth is on: src/emulator/custom-auth).
 */
export function handleAuthorize(response: HttpResponse, url: URL, sso: SsoContext): void {
  const params = url.searchParams
  const clientId = params.get('client_id')
  if (!clientId || params.getAll('client_id').length > 1 || !safeEqual(clientId, sso.client.clientId)) {
    sendErrorPage(
      response,
      400,
      'invalid_client',
      `client_id ${clientId ?? '(missing)'} is not a client of this environment`,
    )
    return
  }
  const redirectUri = params.get('redirect_uri')
  if (!redirectUri || params.getAll('redirect_uri').length > 1 || !sso.redirects.allows(redirectUri)) {
    sendErrorPage(
      response,
      400,
      'invalid_redirect_uri',
      `redirect_uri ${redirectUri ?? '(missing)'} is not an allowed redirect URI. ${redirectRule(sso)} ` +
        'Register it with: skctl emulator redirects add URL (or start the emulator with --redirect-uri URL).',
    )
    return
  }
  const state = params.get('state') ?? undefined
  try {
    const {loginRequest, location} = validate(params, sso, clientId, redirectUri)
    authLogOf(sso.store).started(
      loginRequest,
      requestFacts(sso.store, {
        ...loginRequest,
        organizationId: loginRequest.organizationId || undefined,
        email: loginRequest.loginHint,
      }),
    )
    sendRedirect(response, location)
  } catch (error) {
    if (!(error instanceof AuthorizeError)) throw error
    const facts = requestFacts(sso.store, {
      clientId,
      organizationId: params.get('organization_id') ?? undefined,
      connectionId: params.get('connection_id') ?? undefined,
      email: params.get('login_hint') ?? undefined,
    })
    authLogOf(sso.store).refused(facts, error.code, error.message)
    sendRedirect(response, errorRedirect(redirectUri, error.code, error.message, state))
  }
}

/** What the emulator accepts, for error pages. */
export function redirectRule(sso: SsoContext): string {
  return sso.redirects.strict
    ? 'This emulator runs with --strict-redirects: only registered URIs are allowed (loopback ones on any port).'
    : 'The emulator allows any http loopback URI (localhost, 127.0.0.0/8, [::1]; any port and path) and the registered ones.'
}

/** `redirect_uri?error=…&error_description=…&state=…`; the URI was validated and has no query of its own. */
export function errorRedirect(redirectUri: string, code: string, description: string, state?: string): string {
  const location = new URL(redirectUri)
  location.searchParams.set('error', code)
  location.searchParams.set('error_description', description)
  if (state !== undefined) location.searchParams.set('state', state)
  return location.href
}

/** Where the browser goes next: the IdP simulator, the hosted login page, or the app's own login endpoint. */
function validate(
  params: URLSearchParams,
  sso: SsoContext,
  clientId: string,
  redirectUri: string,
): {loginRequest: LoginRequest; location: string} {
  const repeated = SINGLE_VALUED.find((name) => params.getAll(name).length > 1)
  if (repeated) throw new AuthorizeError('invalid_request', `${repeated} must not be repeated`)
  const optional = (name: string) => params.get(name) || undefined

  const responseType = params.get('response_type')
  if (!responseType) throw new AuthorizeError('invalid_request', 'response_type is required')
  if (responseType !== 'code') {
    throw new AuthorizeError('unsupported_response_type', `response_type ${responseType} is not supported: use code`)
  }
  const scope = params.get('scope') ?? ''
  if (!scope.split(' ').includes('openid')) {
    throw new AuthorizeError('invalid_scope', 'scope must include openid (Scalekit uses "openid email profile")')
  }

  const codeChallenge = optional('code_challenge')
  const method = optional('code_challenge_method')
  if (method && !codeChallenge)
    throw new AuthorizeError('invalid_request', 'code_challenge_method without code_challenge')
  if (codeChallenge) {
    // A challenge without a method means `plain` (RFC 7636 §4.3), which is as refused as naming it.
    if (method !== 'S256') {
      throw new AuthorizeError(
        'invalid_request',
        `code_challenge_method ${method ?? 'plain'} is not supported: use S256`,
      )
    }
    if (!CODE_CHALLENGE.test(codeChallenge)) {
      throw new AuthorizeError('invalid_request', 'code_challenge must be 43–128 base64url characters')
    }
  }

  const loginHint = optional('login_hint')
  const selectors: ConnectionSelectors = {
    provider: optional('provider'),
    connectionId: optional('connection_id'),
    organizationId: optional('organization_id'),
    domain: optional('domain') ?? optional('domain_hint'),
    loginHint,
  }
  const request = {
    clientId,
    redirectUri,
    scope,
    state: params.get('state') ?? undefined,
    nonce: params.get('nonce') ?? undefined,
    loginHint,
    codeChallenge,
  }
  if (sso.settings.fullStackAuth && goesToHostedLogin(sso, selectors)) {
    const customAuth = customAuthOf(sso.store)
    if (customAuth.settings) {
      const {login, url} = customAuth.start(request)
      return {loginRequest: login.request, location: url.href}
    }
    const hosted = sso.hostedLogins.create(request)
    return {loginRequest: hosted.request, location: `${HOSTED_LOGIN_PATH}${hosted.id}`}
  }
  const connection = selectConnection(sso.store, selectors)
  const loginRequest = sso.loginRequests.create({
    ...request,
    organizationId: connection.organizationId,
    connectionId: connection.id,
  })
  return {loginRequest, location: `${SIMULATOR_PATH}${loginRequest.id}`}
}

/**
 * Full-stack auth: `organization_id`, `connection_id`, `domain` and `provider` "skip routing the user to the hosted
 * login page" (initiate-login docs, authorization URL parameters), and they fail as they do without full-stack auth.
 * `login_hint` is home realm discovery: its domain's SSO connection when there is one, else the hosted login page,
 * which mails the hinted address a passwordless code or link (passwordless OIDC quickstart: login_hint is "the
 * email address of the user to send the verification email").
 */
function goesToHostedLogin(sso: SsoContext, selectors: ConnectionSelectors): boolean {
  if (selectors.provider || selectors.connectionId || selectors.organizationId || selectors.domain) return false
  if (!selectors.loginHint) return true
  try {
    selectConnection(sso.store, {loginHint: selectors.loginHint})
    return false
  } catch (error) {
    if (error instanceof AuthorizeError) return true
    throw error
  }
}
