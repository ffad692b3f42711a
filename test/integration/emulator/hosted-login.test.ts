import {Code} from '@connectrpc/connect'
import {ScalekitClient} from '@scalekit-sdk/node'
import {AuditLogsService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js'
import {AuthService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {
  connectEmulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningEmulator,
  startEmulator,
} from '../../../src/emulator/index.js'
import type {PasswordlessMessage} from '../../../src/emulator/passwordless/outbox.js'
import {adminPost, CALLBACK, get, location} from './sso-support.js'
import {basicAuth, clientToken, failure, grpcClient} from './support.js'

let emulator: RunningEmulator
let client: ScalekitClient

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(async () => {
  await emulator.reset()
})

/** `/oauth/authorize` with no connection selector, as a full-stack app builds it; the page it redirects to. */
async function openHostedLogin(options: {loginHint?: string; offline?: boolean} = {}): Promise<URL> {
  const scopes = ['openid', 'profile', 'email', ...(options.offline ? ['offline_access'] : [])]
  const url = client.getAuthorizationUrl(CALLBACK, {scopes, state: 'st-1', loginHint: options.loginHint})
  const page = location(await get(url), emulator.url)
  expect(page.pathname).toMatch(/^\/oauth\/hosted-login\/hlreq_[0-9a-f]{32}$/)
  return page
}

async function authLogs() {
  return grpcClient(AuditLogsService, emulator.url, await clientToken(emulator.url))
}

function post(page: URL, fields: Record<string, string>): Promise<Response> {
  return fetch(page, {method: 'POST', redirect: 'manual', body: new URLSearchParams(fields)})
}

/** The alert a page shows, unescaped. */
async function alertOf(response: Response): Promise<string | undefined> {
  const escaped = /<p class="error" role="alert">([^<]*)<\/p>/.exec(await response.text())?.[1]
  return escaped?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
}

async function lastEmailTo(address: string): Promise<PasswordlessMessage> {
  const message = (await emulator.outbox({to: address})).at(-1)
  if (message?.kind !== 'passwordless') throw new Error(`no passwordless email to ${address}`)
  return message
}

function callbackCode(response: Response): string {
  const callback = location(response, emulator.url)
  expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK)
  expect(callback.searchParams.get('state')).toBe('st-1')
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`no code in ${callback.href}`)
  return code
}

describe('the hosted login page', () => {
  it('signs a new user up with an emailed code: user, organization and a session with a refresh token', async () => {
    const page = await openHostedLogin({offline: true})
    const form = await get(page.href)
    expect(form.status).toBe(200)
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await form.text()).toContain('name="email"')

    const sent = await post(page, {step: 'email', email: 'new.user@nosso.test'})
    expect(sent.status).toBe(200)
    expect(await sent.text()).toContain('name="code"')
    const email = await lastEmailTo('new.user@nosso.test')
    expect(email).toMatchObject({type: 'OTP', otp: expect.stringMatching(/^\d{6}$/)})

    const wrong = await post(page, {step: 'code', code: email.otp === '000000' ? '111111' : '000000'})
    expect(wrong.status).toBe(400)
    expect(await alertOf(wrong)).toMatch(/the code is wrong; 4 attempts left/)

    const code = callbackCode(await post(page, {step: 'code', code: email.otp!}))
    const login = await client.authenticateWithCode(code, CALLBACK)
    expect(login.user.email).toBe('new.user@nosso.test')
    expect(login.refreshToken).toMatch(/^rt_/)
    const claims = await client.validateToken<{sid: string; sub: string; oid: string; roles: string[]}>(
      login.accessToken,
    )
    expect(claims.sub).toBe(login.user.id)
    // The first user of a new organization gets the environment's creator role.
    expect(claims.roles).toEqual(['admin'])
    const {organization} = await client.organization.getOrganization(claims.oid)
    expect(organization?.displayName).toBe("new.user's organization")
    const {sessions} = await client.session.getUserSessions(login.user.id)
    expect(sessions.map((s) => s.sessionId)).toEqual([claims.sid])
    expect(claims.sid).toMatch(/^ses_/)
    const {authRequests} = await (await authLogs()).listAuthRequests({email: 'new.user@nosso.test'})
    expect(authRequests).toMatchObject([{status: 'SUCCESS', organizationId: claims.oid}])
    // The sign-up raised what Scalekit sends: the new organization, the user's sign-up, then the login.
    const {events} = await client.events.listEventsPaginated(10, '')
    expect(events.map((event) => `${event.type} ${event.organizationId}`).reverse()).toEqual([
      `organization.created ${claims.oid}`,
      `user.signup ${claims.oid}`,
      `user.login ${claims.oid}`,
    ])
    expect(events[1]?.data).toMatchObject({
      organization: {id: claims.oid},
      user: {id: login.user.id, email: 'new.user@nosso.test', membership: {roles: [{name: 'admin'}]}},
    })

    // The page is used up: the same request cannot sign in twice.
    expect((await get(page.href)).status).toBe(400)
  })

  it('routes an organization domain with an enabled SSO connection to its IdP simulator', async () => {
    const page = await openHostedLogin()
    const simulator = location(await post(page, {step: 'email', email: 'ada@example.com'}), emulator.url)
    expect(simulator.pathname).toMatch(/^\/sso\/idp-simulator\/lreq_/)
    expect(await emulator.outbox()).toEqual([])
    const fields = {scenario: 'sp', email: 'ada@example.com'}
    const callback = location(await post(simulator, fields), emulator.url)
    expect(callback.searchParams.get('state')).toBe('st-1')
    const login = await client.authenticateWithCode(callback.searchParams.get('code')!, CALLBACK)
    expect(login.user.email).toBe('ada@example.com')
    const {sid} = await client.validateToken<{sid: string}>(login.accessToken)
    expect(sid).toMatch(/^ses_/)
  })

  it('mails the login_hint address at once and signs in an existing member with a magic link', async () => {
    await adminPost(emulator.url, '/_emulator/passwordless', {type: 'LINK'}, basicAuth())
    const {organizations} = await client.organization.listOrganization()
    const organizationId = organizations[0]!.id
    const {user} = await client.user.createUserAndMembership(organizationId, {email: 'member@elsewhere.test'})

    const page = await openHostedLogin({loginHint: 'member@elsewhere.test'})
    const opened = await get(page.href)
    expect(opened.status).toBe(200)
    const html = await opened.text()
    expect(html).toContain('a sign-in link')
    expect(html).not.toContain('name="code"')
    const email = await lastEmailTo('member@elsewhere.test')
    const link = new URL(email.magicLink!)
    expect(link.pathname).toBe(`${page.pathname}/verify`)

    const login = await client.authenticateWithCode(callbackCode(await get(link.href)), CALLBACK)
    // Without offline_access there is no refresh token, but the login is still a session of that user.
    expect(login.refreshToken).toBeFalsy()
    expect(login.user.id).toBe(user!.id)
    const claims = await client.validateToken<{sid: string; oid: string}>(login.accessToken)
    expect(claims.oid).toBe(organizationId)
    const {sessions} = await client.session.getUserSessions(user!.id)
    expect(sessions.map((s) => s.sessionId)).toEqual([claims.sid])
    // A used link does not work twice.
    expect((await get(link.href)).status).toBe(400)
  })

  it('opens the magic link only in the browser that asked for it when the environment enforces that', async () => {
    await adminPost(
      emulator.url,
      '/_emulator/passwordless',
      {type: 'LINK', enforceSameBrowserOrigin: true},
      basicAuth(),
    )
    const page = await openHostedLogin()
    const sent = await post(page, {step: 'email', email: 'careful@nosso.test'})
    const cookie = sent.headers.get('set-cookie')!.split(';')[0]!
    const link = (await lastEmailTo('careful@nosso.test')).magicLink!
    const elsewhere = await get(link)
    expect(elsewhere.status).toBe(400)
    expect(await alertOf(elsewhere)).toMatch(/enforces the same browser origin/)
    callbackCode(await fetch(link, {redirect: 'manual', headers: {cookie}}))
  })

  it('answers bad input on the page itself, never at the app', async () => {
    expect((await get(`${emulator.url}/oauth/hosted-login/hlreq_${'0'.repeat(32)}`)).status).toBe(400)
    const page = await openHostedLogin()
    const notEmail = await post(page, {step: 'email', email: 'not-an-email'})
    expect(notEmail.status).toBe(400)
    expect(await alertOf(notEmail)).toBe('enter a valid email address')
    const early = await post(page, {step: 'code', code: '123456'})
    expect(early.status).toBe(400)
    expect(await alertOf(early)).toBe('enter your email address first')
    // Scalekit's limit of 2 emails per minute per address also holds on the page.
    await post(page, {step: 'email', email: 'busy@nosso.test'})
    await post(page, {step: 'restart'})
    await post(page, {step: 'email', email: 'busy@nosso.test'})
    await post(page, {step: 'restart'})
    const third = await post(page, {step: 'email', email: 'busy@nosso.test'})
    expect(third.status).toBe(429)
    expect(await alertOf(third)).toMatch(/too many emails to busy@nosso\.test/)
    const markup = await post(page, {step: 'email', email: '<b>x</b>@nosso.test'})
    expect(await markup.text()).not.toContain('<b>x</b>')
    // The admin switches refuse what they cannot act on.
    for (const [path, body] of [
      ['/_emulator/full-stack-auth', {enabled: 'no'}],
      ['/_emulator/custom-auth', {loginUri: 'ftp://127.0.0.1/login'}],
    ] as const) {
      const refused = await adminPost(emulator.url, path, body, basicAuth())
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({error: 'invalid_request'})
    }
  })
})

describe('completeLogin', () => {
  it('enters the email on the hosted login page and types the emailed code, in process and over the admin API', async () => {
    for (const handle of [emulator, connectEmulator(emulator.env)]) {
      const email = handle === emulator ? 'lib@nosso.test' : 'remote@nosso.test'
      const url = client.getAuthorizationUrl(CALLBACK, {state: 'st-1', scopes: ['openid', 'email', 'offline_access']})
      const code = new URL(await handle.completeLogin({authorizationUrl: url, email})).searchParams.get('code')
      const login = await client.authenticateWithCode(code!, CALLBACK)
      expect(login.user.email).toBe(email)
      expect(login.refreshToken).toMatch(/^rt_/)
    }
  })
})

describe('bring your own auth: login requests handed to the app', () => {
  const LOGIN_URI = 'http://127.0.0.1:53682/login'

  async function enableCustomAuth(): Promise<string> {
    const response = await adminPost(emulator.url, '/_emulator/custom-auth', {loginUri: LOGIN_URI}, basicAuth())
    const body = (await response.json()) as {enabled: boolean; connectionId: string; loginUri: string}
    expect(body).toMatchObject({enabled: true, loginUri: LOGIN_URI, connectionId: expect.stringMatching(/^conn_/)})
    return body.connectionId
  }

  /** authorize → the app's login endpoint; the login request id and state it receives. */
  async function loginAtApp(): Promise<{loginRequestId: string; state: string}> {
    const url = client.getAuthorizationUrl(CALLBACK, {state: 'st-1', scopes: ['openid', 'email', 'offline_access']})
    const login = location(await get(url), emulator.url)
    expect(`${login.origin}${login.pathname}`).toBe(LOGIN_URI)
    return {loginRequestId: login.searchParams.get('login_request_id')!, state: login.searchParams.get('state')!}
  }

  function partnerCallback(connectionId: string, state: string): Promise<Response> {
    return get(`${emulator.url}/sso/v1/connections/${connectionId}/partner:callback?state=${encodeURIComponent(state)}`)
  }

  it('signs in the user the app posted with updateLoginUserDetails, and the session shows through the SDK', async () => {
    const connectionId = await enableCustomAuth()
    const {loginRequestId, state} = await loginAtApp()
    expect(loginRequestId).toMatch(/^lri_\d{17}$/)
    const updated = await client.auth.updateLoginUserDetails(connectionId, loginRequestId, {
      sub: 'app-user-7',
      email: 'alice@own-auth.test',
      givenName: 'Alice',
      familyName: 'Doe',
      organizationExternalId: 'acct-42',
      organizationExternalName: 'Acme (own auth)',
    })
    expect(updated.authRequestId).toMatch(/^authreq_/)

    const login = await client.authenticateWithCode(callbackCode(await partnerCallback(connectionId, state)), CALLBACK)
    expect(login.user).toMatchObject({email: 'alice@own-auth.test', givenName: 'Alice', familyName: 'Doe'})
    expect(login.refreshToken).toMatch(/^rt_/)
    const {sid, oid, xoid, roles} = await client.validateToken<{
      sid: string
      oid: string
      xoid: string
      roles: string[]
    }>(login.accessToken)
    // The organization the app named by external id, created just in time with the user as its first member.
    expect({xoid, roles}).toEqual({xoid: 'acct-42', roles: ['admin']})
    expect((await client.organization.getOrganization(oid)).organization?.displayName).toBe('Acme (own auth)')
    // The answer's authRequestId is the login's entry in the auth logs, which ends as a success in that organization.
    const {authRequests} = await (await authLogs()).listAuthRequests({email: 'alice@own-auth.test'})
    expect(authRequests).toMatchObject([{authRequestId: updated.authRequestId, status: 'SUCCESS', organizationId: oid}])
    const {sessions} = await client.session.getUserSessions(login.user.id)
    expect(sessions.map((s) => s.sessionId)).toEqual([sid])
    // The login request is complete: the id and the state are spent.
    const again = await failure(
      client.auth.updateLoginUserDetails(connectionId, loginRequestId, {sub: 's', email: 'a@b.test'}),
    )
    expect(again.errorCode).toBe('NOT_FOUND')
    expect((await partnerCallback(connectionId, state)).status).toBe(400)
  })

  it('refuses unknown ids, bad details and a callback before the details, then turns off', async () => {
    const connectionId = await enableCustomAuth()
    const {loginRequestId, state} = await loginAtApp()
    const user = {sub: 'app-user-8', email: 'bob@own-auth.test'}
    const unknown = await failure(client.auth.updateLoginUserDetails(connectionId, 'lri_00000000000000000', user))
    expect(unknown).toMatchObject({errorCode: 'NOT_FOUND', message: expect.stringMatching(/lri_00000000000000000/)})
    const otherConnection = await failure(client.auth.updateLoginUserDetails('conn_1', loginRequestId, user))
    expect(otherConnection.errorCode).toBe('NOT_FOUND')
    // The catalog's rules: connection_id 1–32 characters, login_request_id required.
    const longId = 'c'.repeat(33)
    expect((await failure(client.auth.updateLoginUserDetails(longId, loginRequestId, user))).errorCode).toBe(
      'INVALID_ARGUMENT',
    )
    // The SDK refuses empty ids itself; a plain gRPC client gets them to the emulator.
    const raw = grpcClient(AuthService, emulator.url, await clientToken(emulator.url))
    for (const ids of [
      {connectionId: '', loginRequestId},
      {connectionId, loginRequestId: ''},
    ]) {
      await expect(raw.updateLoginUserDetails({...ids, user})).rejects.toMatchObject({code: Code.InvalidArgument})
    }
    // The SDK's own rule on User: sub and email unless login_failed; and the emulator needs a real address.
    const noEmail = await failure(client.auth.updateLoginUserDetails(connectionId, loginRequestId, {sub: 'x'}))
    expect(noEmail).toMatchObject({errorCode: 'INVALID_ARGUMENT', message: expect.stringMatching(/sub and email/)})
    const badEmail = {sub: 'x', email: 'not-an-email'}
    expect((await failure(client.auth.updateLoginUserDetails(connectionId, loginRequestId, badEmail))).message).toMatch(
      /user\.email not-an-email is not an email address/,
    )
    const badRole = {...user, organizationExternalId: 'acct-1', roles: ['no-such-role']}
    expect((await failure(client.auth.updateLoginUserDetails(connectionId, loginRequestId, badRole))).message).toMatch(
      /role no-such-role does not exist/,
    )

    const early = location(await partnerCallback(connectionId, state), emulator.url)
    expect(Object.fromEntries(early.searchParams)).toMatchObject({error: 'access_denied', state: 'st-1'})
    expect((await partnerCallback(connectionId, 'forged')).status).toBe(400)
    // The app says its own login failed: the app's callback gets the error.
    const failed = await loginAtApp()
    await client.auth.updateLoginUserDetails(connectionId, failed.loginRequestId, {loginFailed: true})
    const refused = location(await partnerCallback(connectionId, failed.state), emulator.url)
    expect(refused.searchParams.get('error')).toBe('access_denied')

    const off = await fetch(`${emulator.url}/_emulator/custom-auth`, {
      method: 'DELETE',
      headers: {authorization: basicAuth()},
    })
    expect(await off.json()).toEqual({enabled: false})
    await openHostedLogin()
  })
})

describe('headless passwordless', () => {
  it('verifies the email and creates no user and no session: the app signs the user in itself', async () => {
    const sent = await client.passwordless.sendPasswordlessEmail('headless@nosso.test')
    const email = await lastEmailTo('headless@nosso.test')
    const verified = await client.passwordless.verifyPasswordlessEmail({code: email.otp!}, sent.authRequestId)
    expect(verified.email).toBe('headless@nosso.test')
    const {users} = await client.user.listUsers()
    expect(users.map((u) => u.email)).not.toContain('headless@nosso.test')
  })
})
