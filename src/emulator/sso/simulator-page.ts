import {SignJWT} from 'jose'
import {ConnectionProvider} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {authLogOf} from '../auth-logs/auth-log.js'
import {PASSKEYS_PATH, signInCookie} from '../passkeys/browser-sign-ins.js'
import {type HttpRequest, type HttpResponse, readBody, sendRedirect} from '../http/http-util.js'
import {escapeHtml, renderPage, sendErrorPage, sendHtml} from '../pages/html.js'
import {errorRedirect, SIMULATOR_PATH} from './authorize.js'
import type {SimulatedUser} from './codes.js'
import type {SsoContext} from './context.js'
import {RESERVED_CLAIMS} from './id-token.js'
import type {LoginRequest} from './login-requests.js'

/** The simulator's dropdown, as in Scalekit's IdP simulator. */
export const SCENARIOS = {sp: 'User login via SSO', idp: 'IdP initiated SSO', error: 'Error'} as const
/** Errors the "Error" scenario can send back: the OAuth ones an IdP causes plus Scalekit's configuration errors. */
export const SIMULATED_ERRORS = [
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'mandatory_attribute_missing',
  'invalid_id_token',
  'invalid_saml_response',
  'signature_validation_failed',
] as const
/** The IdP-initiated login token lives 5 minutes, like Scalekit's samples (exp − nbf = 300 s). */
export const IDP_INITIATED_TTL_SECONDS = 300
const ATTRIBUTE_PREFIX = 'attr.'
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_FIELD_LENGTH = 1024

type Form = Record<string, string>

/** `GET|POST /sso/idp-simulator/<login request id>`. */
export async function handleSimulator(
  request: HttpRequest,
  response: HttpResponse,
  path: string,
  issuer: string,
  sso: SsoContext,
): Promise<void> {
  const id = path.slice(SIMULATOR_PATH.length)
  const loginRequest = sso.loginRequests.get(id)
  if (!loginRequest) {
    sendErrorPage(response, 400, 'invalid_request', 'this sign-in request is unknown or has expired: start again')
    return
  }
  if (request.method === 'GET') {
    sendHtml(response, 200, renderSimulator(sso, loginRequest, {email: loginRequest.loginHint ?? ''}))
    return
  }
  if (request.method !== 'POST') {
    sendErrorPage(response, 405, 'invalid_request', 'the IdP simulator accepts GET and POST only')
    return
  }
  const form = Object.fromEntries(new URLSearchParams((await readBody(request)).toString('utf8')))
  const scenario = form.scenario ?? 'sp'
  const problem = formProblem(scenario, form)
  if (problem) {
    sendHtml(response, 400, renderSimulator(sso, loginRequest, form, problem))
    return
  }
  // Whatever the scenario, the login request is used up: a second submit of the same page fails.
  if (!sso.loginRequests.take(id)) {
    sendErrorPage(response, 400, 'invalid_request', 'this sign-in request has just been used or has expired')
    return
  }
  const authLog = authLogOf(sso.store)
  if (scenario === 'error') {
    const description = form.error_description?.trim() || `the identity provider reported ${form.error}`
    // The email typed on the page, if any, says whose login it was.
    if (EMAIL.test(form.email?.trim() ?? '')) authLog.identified(loginRequest, form.email!.trim())
    authLog.failed(loginRequest, form.error!, description)
    sendRedirect(response, errorRedirect(loginRequest.redirectUri, form.error!, description, loginRequest.state))
    return
  }
  const user = userOf(form)
  if (scenario === 'idp') {
    // The IdP asserted the user; the app then starts a new, SP-initiated request of its own.
    authLog.succeeded(loginRequest, user.email)
    sendRedirect(response, await idpInitiatedRedirect(sso, loginRequest, user.email, issuer))
    return
  }
  authLog.identified(loginRequest, user.email)
  const code = sso.codes.mint(loginRequest, user, {
    userAgent: request.headers['user-agent']?.slice(0, MAX_FIELD_LENGTH),
    ip: request.socket.remoteAddress,
  })
  // The browser that signed in may then manage the user's passkeys (see src/emulator/passkeys).
  response.setHeader('set-cookie', signInCookie(sso.browserSignIns.start(code), issuer.startsWith('https:')))
  const location = new URL(loginRequest.redirectUri)
  location.searchParams.set('code', code)
  if (loginRequest.state !== undefined) location.searchParams.set('state', loginRequest.state)
  sendRedirect(response, location.href)
}

/** What is wrong with a submitted form, in words for the page; undefined when it can be acted on. */
function formProblem(scenario: string, form: Form): string | undefined {
  if (!Object.hasOwn(SCENARIOS, scenario)) return `unknown scenario ${scenario}`
  if (Object.values(form).some((value) => value.length > MAX_FIELD_LENGTH)) {
    return `fields are limited to ${MAX_FIELD_LENGTH} characters`
  }
  if (scenario === 'error') {
    return (SIMULATED_ERRORS as readonly string[]).includes(form.error ?? '')
      ? undefined
      : `choose an error: ${SIMULATED_ERRORS.join(', ')}`
  }
  if (!EMAIL.test(form.email?.trim() ?? '')) return 'enter a valid email address'
  for (const field of Object.keys(form)) {
    if (!field.startsWith(ATTRIBUTE_PREFIX)) continue
    const name = field.slice(ATTRIBUTE_PREFIX.length)
    if (!ATTRIBUTE_NAME.test(name)) return `custom attribute name ${name} must be letters, digits and _`
    if (RESERVED_CLAIMS.has(name)) return `custom attribute ${name} would replace a standard claim`
  }
  return undefined
}

/** Custom attributes are the non-empty `attr.<name>` fields. */
function userOf(form: Form): SimulatedUser {
  const customAttributes: Record<string, string> = {}
  for (const [field, value] of Object.entries(form)) {
    if (field.startsWith(ATTRIBUTE_PREFIX) && value !== '')
      customAttributes[field.slice(ATTRIBUTE_PREFIX.length)] = value
  }
  return {
    email: form.email!.trim(),
    givenName: form.first_name?.trim() ?? '',
    familyName: form.last_name?.trim() ?? '',
    customAttributes,
  }
}

/**
 * The IdP-initiated scenario: no code, just a signed `idp_initiated_login` token for the app's initiate-login URL.
 * The app is expected to verify it and restart as an ordinary SP-initiated login with its claims.
 */
async function idpInitiatedRedirect(sso: SsoContext, request: LoginRequest, email: string, issuer: string) {
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({
    connection_id: request.connectionId,
    organization_id: request.organizationId,
    login_hint: email,
    ...(request.state === undefined ? {} : {relay_state: request.state}),
  })
    .setProtectedHeader({alg: 'RS256', kid: sso.key.kid, typ: 'JWT'})
    .setIssuer(issuer)
    .setAudience([request.clientId])
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + IDP_INITIATED_TTL_SECONDS)
    .sign(sso.key.privateKey)
  const location = new URL(sso.initiateLoginUri ?? request.redirectUri)
  location.searchParams.set('idp_initiated_login', token)
  return location.href
}

function renderSimulator(sso: SsoContext, request: LoginRequest, form: Form, problem?: string): string {
  const organization = sso.store.organizations.get(request.organizationId)
  const connection = sso.store.connections.get(request.connectionId)
  const provider = connection ? (ConnectionProvider[connection.provider] ?? String(connection.provider)) : 'unknown'
  const value = (name: string) => escapeHtml(form[name] ?? '')
  const scenario = form.scenario ?? 'sp'
  const option = (name: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(name)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`
  const scenarios = Object.entries(SCENARIOS)
    .map(([name, label]) => option(name, label, name === scenario))
    .join('')
  const errors = SIMULATED_ERRORS.map((name) => option(name, name, name === (form.error ?? 'access_denied'))).join('')
  const action = escapeHtml(`${SIMULATOR_PATH}${request.id}`)
  return renderPage(
    'IdP Simulator',
    `<h1>IdP Simulator</h1>
<p>Signing in to <strong id="organization">${escapeHtml(organization?.displayName ?? request.organizationId)}</strong>
(<code>${escapeHtml(request.organizationId)}</code>) through connection <code id="connection">${escapeHtml(request.connectionId)}</code>
(${escapeHtml(provider)}).</p>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="${action}">
<label for="scenario">Scenario</label>
<select id="scenario" name="scenario">${scenarios}</select>
<fieldset><legend>User (User login via SSO, IdP initiated SSO)</legend>
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${value('email')}" autocomplete="off">
<label for="first_name">First name</label>
<input id="first_name" name="first_name" value="${value('first_name')}">
<label for="last_name">Last name</label>
<input id="last_name" name="last_name" value="${value('last_name')}">
<label for="attr.employee_number">Custom attribute <code>employee_number</code> (any field named attr.&lt;name&gt; is sent as claim &lt;name&gt;)</label>
<input id="attr.employee_number" name="attr.employee_number" value="${value('attr.employee_number')}">
</fieldset>
<fieldset><legend>Error</legend>
<label for="error">Error code</label>
<select id="error" name="error">${errors}</select>
<label for="error_description">Error description</label>
<input id="error_description" name="error_description" value="${value('error_description')}">
</fieldset>
<button type="submit">Submit</button>
</form>
<p><a id="passkey" href="${escapeHtml(`${PASSKEYS_PATH}/sign-in/${request.id}`)}">Sign in with a passkey</a> instead (one registered on the emulator's <code>/passkeys</code> page).</p>`,
  )
}
