import type {AuthenticationResponseJSON, RegistrationResponseJSON} from '@simplewebauthn/server'
import {requestOrigin} from '../http/host-check.js'
import {
  headerValue,
  type HttpRequest,
  type HttpResponse,
  jsonNestedDeeperThan,
  MAX_JSON_DEPTH,
  readBody,
  sendJson,
  sendRedirect,
} from '../http/http-util.js'
import {sessionStatus, whyInactive} from '../oauth/sessions.js'
import {html, renderPage, sendHtml, sendTextPage} from '../pages/html.js'
import type {SsoContext} from '../sso/context.js'
import type {UserRecord} from '../store/records.js'
import {type BrowserSignIn, PASSKEYS_PATH, signInCookie} from './browser-sign-ins.js'
import {
  authenticationOptions,
  CeremonyError,
  registerPasskey,
  registrationOptions,
  signInWithPasskey,
} from './ceremony.js'
import {onPasskeyHost, PASSKEY_HOSTNAME} from './relying-party.js'
import {REGISTER_SCRIPT, SIGN_IN_SCRIPT} from './scripts.js'

/** The display name's limits, as UpdateCredential's validation rules have them. */
const MAX_DISPLAY_NAME = 120
const MAX_USER_AGENT = 1024
const SIGN_IN_PATH = /^\/passkeys\/sign-in\/(lreq_[0-9a-f]{32})(\/options)?$/

/** `/passkeys…`: the signed-in user's passkeys page, its registration ceremony, and sign-in with a passkey. */
export async function handlePasskeys(request: HttpRequest, response: HttpResponse, url: URL, sso: SsoContext) {
  const origin = requestOrigin(request)
  if (new URL(origin).hostname !== PASSKEY_HOSTNAME) {
    if (request.method === 'GET') moveToPasskeyHost(request, response, url, sso)
    else sendJsonError(response, 421, `passkey ceremonies run on http(s)://${PASSKEY_HOSTNAME}`)
    return
  }
  const signInPath = SIGN_IN_PATH.exec(url.pathname)
  if (signInPath) {
    await handleSignIn(request, response, signInPath[1]!, signInPath[2] !== undefined, sso)
    return
  }
  if (url.pathname === PASSKEYS_PATH && request.method === 'GET') {
    showPasskeys(request, response, url, sso)
    return
  }
  if (url.pathname === `${PASSKEYS_PATH}/registration/options` || url.pathname === `${PASSKEYS_PATH}/registration`) {
    await handleRegistration(request, response, url.pathname.endsWith('/options'), sso)
    return
  }
  sendTextPage(response, 404, 'Not found', 'There is no such passkeys page.')
}

/** WebAuthn refuses IP addresses as RP IDs: pages move to `localhost`, a sign-in going along as a one-time ticket. */
function moveToPasskeyHost(request: HttpRequest, response: HttpResponse, url: URL, sso: SsoContext) {
  const target = onPasskeyHost(new URL(url.pathname, requestOrigin(request)))
  const signIn = sso.browserSignIns.find(request)
  if (url.pathname === PASSKEYS_PATH && signIn) target.searchParams.set('ticket', sso.browserSignIns.handoff(signIn))
  sendRedirect(response, target.href, 303)
}

function showPasskeys(request: HttpRequest, response: HttpResponse, url: URL, sso: SsoContext) {
  const ticket = url.searchParams.get('ticket')
  if (ticket !== null) {
    // Trade the ticket for this host's cookie, then drop it from the address bar.
    const signIn = sso.browserSignIns.takeHandoff(ticket)
    if (!signIn) {
      sendTextPage(response, 400, 'Link expired', 'This link has been used or has expired: open /passkeys again.')
      return
    }
    response.setHeader('set-cookie', signInCookie(signIn, requestOrigin(request).startsWith('https:')))
    sendRedirect(response, PASSKEYS_PATH, 303)
    return
  }
  const user = signedInUser(request, response, sso)
  if (!user) return
  const passkeys = sso.store.passkeys.listBy('userId', user.id)
  const rows = passkeys.map(
    (passkey) =>
      html`<tr data-id="${passkey.id}">
        <td>${passkey.displayName ?? '(unnamed)'}</td>
        <td><code>${passkey.id}</code></td>
        <td>${new Date(passkey.createTime).toISOString()}</td>
      </tr>`,
  )
  const body = html`<h1>Passkeys</h1>
    <p>Signed in as <strong id="user">${user.email}</strong> (<code>${user.id}</code>).</p>
    ${
      passkeys.length > 0
        ? html`<table id="passkeys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Id</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p id="passkeys">No passkeys yet.</p>`
    }
    <form
      id="register"
      method="post"
      action="${PASSKEYS_PATH}/registration"
      data-options="${PASSKEYS_PATH}/registration/options"
    >
      <label for="display_name">Name of the new passkey</label>
      <input id="display_name" name="display_name" maxlength="${MAX_DISPLAY_NAME}" autocomplete="off" />
      <button type="submit">Add a passkey</button>
    </form>
    <p id="status" role="status"></p>`
  sendHtml(response, 200, renderPage('Passkeys', `${body}${REGISTER_SCRIPT.element}`), {
    'content-security-policy': REGISTER_SCRIPT.csp,
  })
}

async function handleRegistration(request: HttpRequest, response: HttpResponse, options: boolean, sso: SsoContext) {
  if (!acceptsJsonPost(request, response)) return
  const signIn = sso.browserSignIns.find(request)
  const user = signIn && userOfSignIn(signIn, sso)
  if (!signIn || typeof user !== 'object') {
    sendJsonError(response, 401, typeof user === 'string' ? user : NOT_SIGNED_IN)
    return
  }
  const origin = requestOrigin(request)
  const body = await readJson(request, response)
  if (body === undefined) return
  const challengeKey = `registration:${signIn.id}`
  if (options) {
    const created = await registrationOptions(sso.store, user, origin)
    sso.browserSignIns.setChallenge(challengeKey, created.challenge)
    sendJson(response, 200, created)
    return
  }
  const displayName = typeof body.displayName === 'string' ? body.displayName.trim() : ''
  if (displayName.length > MAX_DISPLAY_NAME) {
    sendJsonError(response, 400, `the name is at most ${MAX_DISPLAY_NAME} characters`)
    return
  }
  const challenge = sso.browserSignIns.takeChallenge(challengeKey)
  await finishCeremony(response, challenge, body.response, 'registration', async (expectedChallenge, credential) => {
    const passkey = await registerPasskey(sso.store, {
      user,
      origin,
      expectedChallenge,
      response: credential as RegistrationResponseJSON,
      displayName: displayName || undefined,
      userAgent: headerValue(request, 'user-agent')?.slice(0, MAX_USER_AGENT),
    })
    return {id: passkey.id}
  })
}

/** Signing in with a passkey ends a login request like the IdP simulator's form does: with a code for the app. */
async function handleSignIn(
  request: HttpRequest,
  response: HttpResponse,
  loginRequestId: string,
  options: boolean,
  sso: SsoContext,
) {
  const loginRequest = sso.loginRequests.get(loginRequestId)
  if (!loginRequest) {
    const text = 'this sign-in request is unknown or has expired: start again'
    if (request.method === 'GET') sendTextPage(response, 400, 'Sign-in expired', text)
    else sendJsonError(response, 400, text)
    return
  }
  if (request.method === 'GET' && !options) {
    const body = html`<h1>Sign in with a passkey</h1>
      <form
        id="sign-in"
        method="post"
        action="${PASSKEYS_PATH}/sign-in/${loginRequest.id}"
        data-options="${PASSKEYS_PATH}/sign-in/${loginRequest.id}/options"
      >
        <button type="submit">Use a passkey</button>
      </form>
      <p id="status" role="status"></p>`
    sendHtml(response, 200, renderPage('Sign in with a passkey', `${body}${SIGN_IN_SCRIPT.element}`), {
      'content-security-policy': SIGN_IN_SCRIPT.csp,
    })
    return
  }
  if (!acceptsJsonPost(request, response)) return
  const body = await readJson(request, response)
  if (body === undefined) return
  const origin = requestOrigin(request)
  const challengeKey = `sign-in:${loginRequest.id}`
  if (options) {
    const created = await authenticationOptions(origin)
    sso.browserSignIns.setChallenge(challengeKey, created.challenge)
    sendJson(response, 200, created)
    return
  }
  const challenge = sso.browserSignIns.takeChallenge(challengeKey)
  await finishCeremony(response, challenge, body.response, 'sign-in', async (expectedChallenge, credential) => {
    const user = await signInWithPasskey(sso.store, origin, expectedChallenge, credential as AuthenticationResponseJSON)
    // The request is used up only by a passkey that verified, so a failed attempt can be retried.
    if (!sso.loginRequests.take(loginRequest.id)) throw new CeremonyError('this sign-in request has just been used')
    const code = sso.codes.mint(
      loginRequest,
      {
        email: user.email,
        givenName: user.profile.givenName ?? '',
        familyName: user.profile.familyName ?? '',
        customAttributes: {},
      },
      {userAgent: headerValue(request, 'user-agent')?.slice(0, MAX_USER_AGENT), ip: request.socket.remoteAddress},
    )
    response.setHeader('set-cookie', signInCookie(sso.browserSignIns.start(code), origin.startsWith('https:')))
    const redirect = new URL(loginRequest.redirectUri)
    redirect.searchParams.set('code', code)
    if (loginRequest.state !== undefined) redirect.searchParams.set('state', loginRequest.state)
    return {redirect: redirect.href}
  })
}

const NOT_SIGNED_IN =
  'sign in through the emulator in this browser first (your app\u2019s login, then the IdP simulator), then open /passkeys again'

/** The user of the browser's sign-in, or a page saying why there is none. */
function signedInUser(request: HttpRequest, response: HttpResponse, sso: SsoContext): UserRecord | undefined {
  const signIn = sso.browserSignIns.find(request)
  const user = signIn ? userOfSignIn(signIn, sso) : NOT_SIGNED_IN
  if (typeof user === 'object') return user
  sendTextPage(response, 401, 'Not signed in', `To manage passkeys, ${user}.`)
  return undefined
}

/** The user whose active session the sign-in became, or why the page cannot serve anyone. */
function userOfSignIn(signIn: BrowserSignIn, sso: SsoContext): UserRecord | string {
  if (!signIn.sessionId) return 'finish signing in: your app has not redeemed the login\u2019s code yet'
  const session = sso.store.sessions.get(signIn.sessionId)
  if (!session) return NOT_SIGNED_IN
  const status = sessionStatus(session)
  if (status !== 'active') return `${whyInactive(session, status)}: sign in again`
  const user = session.userId ? sso.store.users.get(session.userId) : undefined
  if (!user) {
    return `${session.email} is no user of this environment: sign in with offline_access (full-stack auth) or create the user`
  }
  return user
}

/**
 * Only the page's own scripts post here: a JSON body from this very origin. Another site's page can neither send
 * JSON without a CORS preflight (which the emulator never grants) nor hide its Origin.
 */
function acceptsJsonPost(request: HttpRequest, response: HttpResponse): boolean {
  if (request.method !== 'POST') {
    sendJsonError(response, 405, 'use POST')
    return false
  }
  const contentType = headerValue(request, 'content-type') ?? ''
  if (!contentType.startsWith('application/json') || headerValue(request, 'origin') !== requestOrigin(request)) {
    sendJsonError(response, 403, 'only the passkeys page itself posts here')
    return false
  }
  return true
}

async function readJson(request: HttpRequest, response: HttpResponse): Promise<Record<string, unknown> | undefined> {
  let body: unknown
  try {
    body = JSON.parse((await readBody(request)).toString('utf8'))
  } catch {
    body = undefined
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || jsonNestedDeeperThan(body, MAX_JSON_DEPTH)) {
    sendJsonError(response, 400, 'the body must be a JSON object')
    return undefined
  }
  return body as Record<string, unknown>
}

/** The outline every credential's JSON has; the library checks the rest. */
function isCredentialJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const credential = value as {id?: unknown; response?: unknown}
  return typeof credential.id === 'string' && typeof credential.response === 'object' && credential.response !== null
}

/**
 * Answers the browser's response to a ceremony (`what`) with `finish`'s result, or with why it is refused: no
 * ceremony under way (its challenge was used up or expired), no credential, or a credential that does not verify.
 */
async function finishCeremony(
  response: HttpResponse,
  challenge: string | undefined,
  credential: unknown,
  what: string,
  finish: (challenge: string, credential: unknown) => Promise<Record<string, string>>,
): Promise<void> {
  if (!challenge || !isCredentialJson(credential)) {
    sendJsonError(response, 400, challenge ? 'response is not a credential' : `start the ${what} again`)
    return
  }
  try {
    sendJson(response, 200, await finish(challenge, credential))
  } catch (error) {
    if (!(error instanceof CeremonyError)) throw error
    sendJsonError(response, 400, error.message)
  }
}

function sendJsonError(response: HttpResponse, status: number, description: string): void {
  sendJson(response, status, {error: 'invalid_request', error_description: description})
}
