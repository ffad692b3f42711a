import {createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify} from 'jose'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {SEED_ORGANIZATION_NAME} from '../../../src/emulator/store/seed.js'
import {
  CALLBACK,
  exchange,
  get,
  leftHalfSha256,
  location,
  openSimulator,
  pkce,
  signIn,
  submit,
  USER,
} from './sso-support.js'
import {basicAuth, clientToken, sdk} from './support.js'

let emulator: RunningEmulator
let organizationId: string
let connectionId: string

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  const client = sdk(emulator.url)
  const {organizations} = await client.organization.listOrganization()
  const seeded = organizations.find((org) => org.displayName === SEED_ORGANIZATION_NAME)!
  organizationId = seeded.id
  const {connections} = await client.connection.listConnections(organizationId)
  connectionId = connections[0]!.id
})

afterAll(async () => {
  await emulator?.close()
})

describe('SSO login through the IdP simulator with the real SDK', () => {
  it('authorize → simulator → callback → authenticateWithCode → validateToken', async () => {
    const client = sdk(emulator.url)
    const {verifier, challenge} = pkce()
    const url = client.getAuthorizationUrl(CALLBACK, {
      state: 'state-123',
      nonce: 'nonce-456',
      organizationId,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    })

    const authorize = await get(url)
    const simulator = location(authorize, emulator.url)
    expect(simulator.pathname).toMatch(/^\/sso\/idp-simulator\/lreq_[0-9a-f]{32}$/)

    const page = await get(simulator.href)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('<title>IdP Simulator</title>')
    expect(html).toContain(SEED_ORGANIZATION_NAME)
    expect(html).toContain(connectionId)
    expect(html.match(/<form /g)).toHaveLength(1)
    expect(html).toContain(`<form method="post" action="${simulator.pathname}">`)
    expect(html).toMatch(
      /<select id="scenario" name="scenario"><option value="sp" selected>User login via SSO<\/option>/,
    )
    expect(html).toContain('<option value="idp">IdP initiated SSO</option>')
    expect(html).toContain('<option value="error">Error</option>')
    for (const field of ['email', 'first_name', 'last_name', 'attr.employee_number', 'error_description']) {
      expect(html).toContain(`name="${field}"`)
    }
    expect(html).toContain('<select id="error" name="error">')
    expect(html).toContain('<button type="submit">Submit</button>')
    expect(html).not.toMatch(/<script|<link|src=/)

    const callback = location(await submit(simulator, USER), emulator.url)
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK)
    expect(callback.searchParams.get('state')).toBe('state-123')
    const code = callback.searchParams.get('code')!
    expect(code).toMatch(/^code_/)

    const result = await client.authenticateWithCode(code, CALLBACK, {codeVerifier: verifier})
    expect(result.expiresIn).toBe(899)
    expect(result.user).toMatchObject({email: USER.email, givenName: 'Ada', familyName: 'Lovelace'})

    const claims = await client.validateToken<Record<string, unknown>>(result.idToken, {
      issuer: emulator.url,
      audience: [DEFAULT_CLIENT_ID],
    })
    const jwks = (await (await fetch(`${emulator.url}/keys`)).json()) as {keys: Array<{kid: string}>}
    expect(decodeProtectedHeader(result.idToken)).toMatchObject({alg: 'RS256', kid: jwks.keys[0]!.kid})
    expect(claims).toMatchObject({
      iss: emulator.url,
      aud: [DEFAULT_CLIENT_ID],
      azp: DEFAULT_CLIENT_ID,
      oid: organizationId,
      amr: [connectionId],
      email: USER.email,
      email_verified: true,
      given_name: 'Ada',
      family_name: 'Lovelace',
      name: 'Ada Lovelace',
      nonce: 'nonce-456',
      employee_number: 'E-1815',
      at_hash: leftHalfSha256(result.accessToken),
      c_hash: leftHalfSha256(code),
    })
    expect(claims.sub).toMatch(new RegExp(`^${connectionId};[0-9a-f]{24}$`))
    expect(claims.sid).toMatch(/^ses_\d{17}$/)
    expect((claims.exp as number) - (claims.iat as number)).toBe(1800)

    const access = await client.validateToken<Record<string, unknown>>(result.accessToken, {
      issuer: emulator.url,
      audience: [DEFAULT_CLIENT_ID],
    })
    expect(access).toMatchObject({sub: claims.sub, client_id: DEFAULT_CLIENT_ID, oid: organizationId})
    expect(access.jti).toEqual(expect.any(String))
    expect(access.nbf).toBe(access.iat)
    expect((access.exp as number) - (access.iat as number)).toBe(899)
  })

  it('gives the same person the same sub every time', async () => {
    const subject = async () => {
      const {code} = await signIn(emulator.url, {organizationId})
      const {body} = await exchange(emulator.url, {code})
      return decodeJwt(body.id_token as string).sub
    }
    const first = await subject()
    expect(await subject()).toBe(first)
    const {code} = await signIn(emulator.url, {organizationId}, {...USER, email: 'other@example.com'})
    expect(decodeJwt((await exchange(emulator.url, {code})).body.id_token as string).sub).not.toBe(first)
  })

  it('accepts any attr.<name> field as a custom attribute and omits empty ones and absent names', async () => {
    const {code} = await signIn(
      emulator.url,
      {organizationId},
      {scenario: 'sp', email: 'bare@example.com', 'attr.department': 'R&D', 'attr.employee_number': ''},
    )
    const claims = decodeJwt((await exchange(emulator.url, {code})).body.id_token as string)
    expect(claims).toMatchObject({email: 'bare@example.com', department: 'R&D'})
    expect(claims).not.toHaveProperty('employee_number')
    expect(claims).not.toHaveProperty('name')
    expect(claims).not.toHaveProperty('given_name')
    expect(claims).not.toHaveProperty('nonce')
  })

  it('prefills the email from login_hint and escapes it', async () => {
    const simulator = await openSimulator(emulator.url, {organizationId, loginHint: '"><script>@example.com'})
    const html = await (await get(simulator.href)).text()
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;@example.com"')
    expect(html).not.toContain('<script>')
  })

  it('re-renders the form with a message when the email is missing or invalid', async () => {
    const simulator = await openSimulator(emulator.url, {organizationId})
    const missing = await submit(simulator, {scenario: 'sp', email: '', first_name: '<b>Ada</b>'})
    expect(missing.status).toBe(400)
    const html = await missing.text()
    expect(html).toContain('enter a valid email address')
    expect(html).toContain('value="&#60;b&#62;Ada&#60;/b&#62;"')
    expect((await submit(simulator, {scenario: 'idp', email: 'not-an-email'})).status).toBe(400)
    expect((await submit(simulator, {scenario: 'sp', email: 'a@example.com', 'attr.sub': 'x'})).status).toBe(400)
    expect((await submit(simulator, {scenario: 'nope', email: 'a@example.com'})).status).toBe(400)
    // The request survives a rejected form.
    expect(location(await submit(simulator, USER), emulator.url).searchParams.get('code')).toMatch(/^code_/)
  })

  it('answers an unknown, used or expired login request with a 400 page', async () => {
    const unknown = await get(`${emulator.url}/sso/idp-simulator/lreq_00000000000000000000000000000000`)
    expect(unknown.status).toBe(400)
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/)
    const simulator = await openSimulator(emulator.url, {organizationId})
    await submit(simulator, USER)
    expect((await submit(simulator, USER)).status).toBe(400)
    expect((await get(simulator.href)).status).toBe(400)
  })
})

describe('IdP-initiated and error scenarios', () => {
  it('sends a signed idp_initiated_login token to the redirect URI and mints no code', async () => {
    const simulator = await openSimulator(emulator.url, {organizationId, state: 'relay-1'})
    const target = location(await submit(simulator, {...USER, scenario: 'idp'}), emulator.url)
    expect(`${target.origin}${target.pathname}`).toBe(CALLBACK)
    expect(target.searchParams.has('code')).toBe(false)
    const token = target.searchParams.get('idp_initiated_login')!

    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/keys`))
    const {payload} = await jwtVerify(token, jwks, {issuer: emulator.url, audience: DEFAULT_CLIENT_ID})
    expect(payload).toMatchObject({
      connection_id: connectionId,
      organization_id: organizationId,
      login_hint: USER.email,
      relay_state: 'relay-1',
    })
    expect(payload.nbf).toBe(payload.iat)
    expect(payload.exp! - payload.nbf!).toBe(300)
    const viaSdk = await sdk(emulator.url).getIdpInitiatedLoginClaims(token, {
      issuer: emulator.url,
      audience: [DEFAULT_CLIENT_ID],
    })
    expect(viaSdk).toMatchObject({connection_id: connectionId, login_hint: USER.email})

    // The app restarts as an ordinary SP-initiated login with the token's claims.
    const {verifier, challenge} = pkce()
    const {code, state} = await signIn(emulator.url, {
      connectionId: payload.connection_id as string,
      organizationId: payload.organization_id as string,
      loginHint: payload.login_hint as string,
      state: payload.relay_state as string,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    })
    expect(state).toBe('relay-1')
    const result = await sdk(emulator.url).authenticateWithCode(code, CALLBACK, {codeVerifier: verifier})
    expect(result.user.email).toBe(USER.email)
  })

  it('redirects the IdP-initiated token to the configured initiate-login URL', async () => {
    const local = await startEmulator({port: 0, initiateLoginUri: 'https://app.example.test/sso/start'})
    try {
      const {organizations} = await sdk(local.url).organization.listOrganization()
      const simulator = await openSimulator(local.url, {organizationId: organizations[0]!.id})
      const target = location(await submit(simulator, {...USER, scenario: 'idp'}), local.url)
      expect(`${target.origin}${target.pathname}`).toBe('https://app.example.test/sso/start')
      expect(target.searchParams.get('idp_initiated_login')).toMatch(/^ey/)
    } finally {
      await local.close()
    }
  })

  it('sends the chosen error, its description and the state to the redirect URI', async () => {
    const simulator = await openSimulator(emulator.url, {organizationId, state: 'st'})
    const target = location(
      await submit(simulator, {scenario: 'error', error: 'access_denied', error_description: 'user said no'}),
      emulator.url,
    )
    expect(Object.fromEntries(target.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'user said no',
      state: 'st',
    })
    const other = await openSimulator(emulator.url, {organizationId})
    const defaulted = location(await submit(other, {scenario: 'error', error: 'server_error'}), emulator.url)
    expect(defaulted.searchParams.get('error')).toBe('server_error')
    expect(defaulted.searchParams.get('error_description')).toBeTruthy()
    const third = await openSimulator(emulator.url, {organizationId})
    expect((await submit(third, {scenario: 'error', error: 'made_up'})).status).toBe(400)
  })
})

describe('redirect URIs and logout', () => {
  it('lists the defaults and adds URIs through /_emulator/redirects', async () => {
    const local = await startEmulator({
      port: 0,
      redirectUris: ['https://app.example.test/callback'],
      strictRedirects: true,
    })
    try {
      const listed = await fetch(`${local.url}/_emulator/redirects`, {headers: {authorization: basicAuth()}})
      expect(await listed.json()).toMatchObject({
        redirectUris: [
          'http://127.0.0.1/callback',
          'http://localhost/callback',
          'http://[::1]/callback',
          'https://app.example.test/callback',
        ],
      })
      expect((await fetch(`${local.url}/_emulator/redirects`)).status).toBe(401)
      const {organizations} = await sdk(local.url).organization.listOrganization()
      const organizationId = organizations[0]!.id

      const before = await get(authorizeUrlFor(local.url, organizationId, 'https://other.example.test/cb'))
      expect(before.status).toBe(400)
      const added = await fetch(`${local.url}/_emulator/redirects`, {
        method: 'POST',
        headers: {authorization: basicAuth(), 'content-type': 'application/json'},
        body: JSON.stringify({add: ['https://other.example.test/cb', 'http://127.0.0.1:9000/auth']}),
      })
      expect(added.status).toBe(200)
      expect(((await added.json()) as {redirectUris: string[]}).redirectUris).toContain('https://other.example.test/cb')
      const after = await get(authorizeUrlFor(local.url, organizationId, 'https://other.example.test/cb'))
      expect(location(after, local.url).pathname).toMatch(/^\/sso\/idp-simulator\//)
      // Strict: a registered loopback URI matches on any port, the path must still match.
      expect((await get(authorizeUrlFor(local.url, organizationId, 'http://127.0.0.1:1234/auth'))).status).toBe(302)
      expect((await get(authorizeUrlFor(local.url, organizationId, 'http://127.0.0.1:1234/other'))).status).toBe(400)

      for (const bad of ['javascript:alert(1)', 'https://x.example/cb?a=1', 'https://*.example.com/cb', 'ftp://x/y']) {
        const rejected = await fetch(`${local.url}/_emulator/redirects`, {
          method: 'POST',
          headers: {authorization: basicAuth()},
          body: JSON.stringify({add: [bad]}),
        })
        expect(rejected.status).toBe(400)
        expect(await rejected.json()).toMatchObject({error: 'invalid_redirect_uri'})
      }
    } finally {
      await local.close()
    }
  })

  it('redirects logout to an allowed post_logout_redirect_uri with state, and nowhere else', async () => {
    const logoutUrl = sdk(emulator.url).getLogoutUrl({
      postLogoutRedirectUri: 'http://localhost:4000/callback',
      state: 'bye',
    })
    const target = location(await get(logoutUrl), emulator.url)
    expect(target.href).toBe('http://localhost:4000/callback?state=bye')

    const refused = await get(
      `${emulator.url}/oidc/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
    )
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('invalid_redirect_uri')
    const plain = await get(`${emulator.url}/oidc/logout`)
    expect(plain.status).toBe(200)
    expect(await plain.text()).toContain('signed out')
  })
})

describe('SSO tokens are not API credentials', () => {
  it('rejects a user access token on the API', async () => {
    const {code} = await signIn(emulator.url, {organizationId})
    const {body} = await exchange(emulator.url, {code})
    const response = await fetch(`${emulator.url}/api/v1/organizations`, {
      headers: {authorization: `Bearer ${body.access_token as string}`},
    })
    expect(response.status).toBe(401)
    const api = await fetch(`${emulator.url}/api/v1/organizations`, {
      headers: {authorization: `Bearer ${await clientToken(emulator.url)}`},
    })
    expect(api.status).toBe(200)
  })
})

function authorizeUrlFor(url: string, organizationId: string, redirectUri: string): string {
  return sdk(url).getAuthorizationUrl(redirectUri, {organizationId})
}
