import {randomBytes} from 'node:crypto'
import {Code, ConnectError} from '@connectrpc/connect'
import {authLogOf, requestFacts} from '../auth-logs/auth-log.js'
import {
  cookieValues,
  type HttpRequest,
  type HttpResponse,
  readBody,
  safeEqual,
  sendRedirect,
} from '../http/http-util.js'
import {html, renderPage, type SafeHtml, sendErrorPage, sendHtml} from '../pages/html.js'
import {sendsCode} from '../../shared/passwordless-rules.js'
import {SIMULATOR_PATH} from '../sso/authorize.js'
import type {SsoContext} from '../sso/context.js'
import {AuthorizeError} from '../sso/context.js'
import {LOGIN_REQUEST_TTL_MS} from '../sso/login-requests.js'
import {selectConnection} from '../sso/select-connection.js'
import {BROWSER_COOKIE, type HostedLogin, HOSTED_LOGIN_PATH, MAGIC_LINK_SUFFIX} from './hosted-logins.js'
import {completeSignIn, deviceOf} from './sign-in.js'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** RFC 5321's limit for a whole address; the form's other fields are shorter still. */
const MAX_FIELD_LENGTH = 320

interface PageState {
  problem?: string
  email?: string
}

/**
 * `GET|POST /oauth/hosted-login/<id>` and `GET …/<id>/verify?link_token=…`: Scalekit's hosted login page for
 * full-stack auth. The user enters an email; an organization domain with an enabled SSO connection sends them on to
 * that connection's IdP (the simulator), as home realm discovery does; anyone else signs in with passwordless email
 * as the environment's passwordless settings say (a code typed here, a magic link back to this page, or either),
 * and the page ends with the authorization code redirect to the app.
 */
export async function handleHostedLogin(
  request: HttpRequest,
  response: HttpResponse,
  url: URL,
  origin: string,
  sso: SsoContext,
): Promise<void> {
  const rest = url.pathname.slice(HOSTED_LOGIN_PATH.length)
  const verifyingLink = rest.endsWith(MAGIC_LINK_SUFFIX)
  const login = sso.hostedLogins.get(verifyingLink ? rest.slice(0, -MAGIC_LINK_SUFFIX.length) : rest)
  if (!login) {
    sendErrorPage(response, 400, 'invalid_request', 'this sign-in request is unknown or has expired: start again')
    return
  }
  const page = new HostedLoginPage(request, response, origin, sso, login)
  if (verifyingLink && request.method === 'GET') {
    page.verify({linkToken: url.searchParams.get('link_token') ?? ''})
  } else if (request.method === 'GET' && !verifyingLink) {
    const hint = login.request.loginHint?.trim()
    // An authorize request with a login_hint goes straight to the email the hint names (passwordless OIDC).
    if (!login.email && hint && EMAIL.test(hint)) page.submitEmail(hint)
    else page.render(200)
  } else if (request.method === 'POST' && !verifyingLink) {
    const form = Object.fromEntries(new URLSearchParams((await readBody(request)).toString('utf8')))
    if (Object.values(form).some((value) => value.length > MAX_FIELD_LENGTH)) {
      page.render(400, {problem: `fields are limited to ${MAX_FIELD_LENGTH} characters`})
    } else if (form.step === 'email') page.submitEmail(form.email?.trim() ?? '')
    else if (form.step === 'code') page.verify({code: form.code?.trim() ?? ''})
    else if (form.step === 'restart') {
      delete login.email
      page.render(200)
    } else page.render(400, {problem: 'unknown step: start again'})
  } else {
    sendErrorPage(response, 405, 'invalid_request', 'the hosted login page accepts GET and POST only')
  }
}

class HostedLoginPage {
  constructor(
    private readonly request: HttpRequest,
    private readonly response: HttpResponse,
    private readonly origin: string,
    private readonly sso: SsoContext,
    private readonly login: HostedLogin,
  ) {}

  submitEmail(email: string): void {
    if (!EMAIL.test(email)) {
      this.render(400, {problem: 'enter a valid email address', email})
      return
    }
    const connection = ssoConnectionOf(this.sso, email)
    if (connection) {
      this.continueWithSso(email, connection)
      return
    }
    const {passwordless} = this.sso
    try {
      const sent = passwordless.send({
        email,
        magiclinkAuthUri: `${this.origin}${HOSTED_LOGIN_PATH}${this.login.id}${MAGIC_LINK_SUFFIX}`,
      })
      const browser = randomBytes(16).toString('base64url')
      this.login.email = {address: email, authRequestId: sent.authRequestId, type: sent.type, browser}
      const path = `${HOSTED_LOGIN_PATH}${this.login.id}`
      const maxAge = LOGIN_REQUEST_TTL_MS / 1000
      this.response.setHeader(
        'set-cookie',
        `${BROWSER_COOKIE}=${browser}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`,
      )
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error
      this.render(error.code === Code.ResourceExhausted ? 429 : 400, {problem: error.rawMessage, email})
      return
    }
    authLogOf(this.sso.store).identified(this.login.request, email)
    this.render(200)
  }

  /** Checks the code or magic link against the email this page sent, then signs the user in. */
  verify(credential: {code?: string; linkToken?: string}): void {
    const sent = this.login.email
    if (!sent) {
      this.render(400, {problem: 'enter your email address first'})
      return
    }
    // "Enforce same browser origin" (passwordless settings): the magic link works only in the browser that asked for
    // it, known here by the cookie set with the email (a top-level navigation from a mail client sends a Lax cookie).
    const sameBrowser = cookieValues(this.request.headers.cookie, BROWSER_COOKIE).some((v) =>
      safeEqual(v, sent.browser),
    )
    if (credential.linkToken !== undefined && this.sso.passwordless.settings.enforceSameBrowserOrigin && !sameBrowser) {
      this.render(400, {
        problem:
          'this environment enforces the same browser origin: open the link in the browser where you asked for it',
      })
      return
    }
    let email: string
    try {
      email = this.sso.passwordless.verify({...credential, authRequestId: sent.authRequestId}).email
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error
      this.render(error.code === Code.ResourceExhausted ? 429 : 400, {problem: error.rawMessage})
      return
    }
    if (!this.sso.hostedLogins.take(this.login.id)) {
      sendErrorPage(this.response, 400, 'invalid_request', 'this sign-in request has just been used or has expired')
      return
    }
    this.signIn(email)
  }

  render(status: number, state: PageState = {}): void {
    const sent = this.login.email
    const body = sent ? sentPage(this.login, sent, state) : emailPage(this.login, state)
    sendHtml(this.response, status, renderPage('Sign in', body.value))
  }

  /** Home realm discovery found SSO: the rest is the IdP simulator's, exactly as with a `login_hint` selector. */
  private continueWithSso(email: string, connection: {id: string; organizationId: string}): void {
    if (!this.sso.hostedLogins.take(this.login.id)) {
      sendErrorPage(this.response, 400, 'invalid_request', 'this sign-in request has just been used or has expired')
      return
    }
    const {id: _hostedId, ...request} = this.login.request
    const routed = this.sso.loginRequests.create({
      ...request,
      loginHint: email,
      organizationId: connection.organizationId,
      connectionId: connection.id,
    })
    const facts = requestFacts(this.sso.store, {...routed, email})
    authLogOf(this.sso.store).continued(this.login.request, routed, facts)
    sendRedirect(this.response, `${SIMULATOR_PATH}${routed.id}`)
  }

  private signIn(email: string): void {
    const person = {email, givenName: '', familyName: ''}
    sendRedirect(this.response, completeSignIn(this.sso, this.login.request, person, deviceOf(this.request)))
  }
}

/** The email domain's SSO connection, if home realm discovery finds one; otherwise passwordless it is. */
function ssoConnectionOf(sso: SsoContext, email: string) {
  try {
    return selectConnection(sso.store, {loginHint: email})
  } catch (error) {
    if (error instanceof AuthorizeError) return undefined
    throw error
  }
}

function action(login: HostedLogin): string {
  return `${HOSTED_LOGIN_PATH}${login.id}`
}

function alert(problem: string | undefined): SafeHtml | undefined {
  return problem === undefined ? undefined : html`<p class="error" role="alert">${problem}</p>`
}

function emailPage(login: HostedLogin, state: PageState): SafeHtml {
  return html`<h1>Sign in</h1>
    <p>
      Enter your work email. If your organization signs in with SSO, you continue at its identity provider; otherwise we
      email you a sign-in code or link.
    </p>
    ${alert(state.problem)}
    <form method="post" action="${action(login)}">
      <input type="hidden" name="step" value="email" />
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        value="${state.email ?? login.request.loginHint ?? ''}"
        autocomplete="email"
        required
      />
      <button type="submit">Continue</button>
    </form>`
}

function sentPage(login: HostedLogin, sent: NonNullable<HostedLogin['email']>, state: PageState): SafeHtml {
  const what = {OTP: 'a sign-in code', LINK: 'a sign-in link', LINK_OTP: 'a sign-in link and code'}[sent.type]
  const codeForm = sendsCode(sent.type)
    ? html`<form method="post" action="${action(login)}">
        <input type="hidden" name="step" value="code" />
        <label for="code">Code</label>
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
        <button type="submit">Verify</button>
      </form>`
    : undefined
  return html`<h1>Check your email</h1>
    <p>We sent ${what} to <strong id="sent-to">${sent.address}</strong> (in the emulator: its outbox).</p>
    ${alert(state.problem)} ${codeForm}
    <form method="post" action="${action(login)}">
      <input type="hidden" name="step" value="restart" />
      <button type="submit">Use a different email</button>
    </form>`
}
