import {ScalekitClient} from '@scalekit-sdk/node'
import {decodeJwt, decodeProtectedHeader} from 'jose'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningEmulator,
  startEmulator,
} from '../../../src/emulator/index.js'
import {basicAuth, rawRequest, sdk} from './support.js'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
})

afterAll(async () => {
  await emulator?.close()
})

function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${emulator.url}/oauth/token`, {method: 'POST', headers, body: new URLSearchParams(params)})
}

describe('POST /oauth/token', () => {
  it('mints an RS256 client-credentials token the SDK validates', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({token_type: 'Bearer', expires_in: 86399, scope: 'openid'})

    const token = body.access_token as string
    const keys = (await (await fetch(`${emulator.url}/keys`)).json()) as {keys: Array<Record<string, string>>}
    expect(keys.keys).toHaveLength(1)
    expect(keys.keys[0]).toMatchObject({kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB'})
    expect(keys.keys[0]!.kid).toMatch(/^snk_emulator_/)
    expect(keys.keys[0]).not.toHaveProperty('d')
    expect(decodeProtectedHeader(token)).toMatchObject({alg: 'RS256', kid: keys.keys[0]!.kid})

    const claims = decodeJwt(token)
    expect(claims).toMatchObject({
      iss: emulator.url,
      sub: DEFAULT_CLIENT_ID,
      client_id: DEFAULT_CLIENT_ID,
      aud: [DEFAULT_CLIENT_ID],
      scopes: ['openid'],
    })
    expect(claims.jti).toMatch(/^tkn_\d+$/)
    expect(claims.exp! - claims.iat!).toBe(86399)
    expect(claims.nbf).toBe(claims.iat)

    const validated = await sdk(emulator.url).validateToken(token, {
      issuer: emulator.url,
      audience: [DEFAULT_CLIENT_ID],
      requiredScopes: ['openid'],
    })
    expect(validated).toMatchObject({client_id: DEFAULT_CLIENT_ID})
  })

  it('accepts client credentials as HTTP Basic', async () => {
    const response = await tokenRequest({grant_type: 'client_credentials'}, {authorization: basicAuth()})
    expect(response.status).toBe(200)
  })

  it('rejects a wrong secret with 401 invalid_client', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: 'wrong',
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({error: 'invalid_client'})
    const wrongId = await tokenRequest({}, {authorization: basicAuth('skc_other', DEFAULT_CLIENT_SECRET)})
    expect(wrongId.status).toBe(401)
    expect(wrongId.headers.get('www-authenticate')).toMatch(/^Basic/)
  })

  it('rejects unsupported and missing grant types with 400', async () => {
    const unsupported = await tokenRequest({grant_type: 'password'}, {authorization: basicAuth()})
    expect(unsupported.status).toBe(400)
    expect(await unsupported.json()).toMatchObject({error: 'unsupported_grant_type'})
    const missing = await tokenRequest({}, {authorization: basicAuth()})
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({error: 'invalid_request'})
  })

  it('answers 405 to anything but POST', async () => {
    expect((await fetch(`${emulator.url}/oauth/token`)).status).toBe(405)
  })

  it('serves an envUrl with a trailing slash (the SDK then requests //oauth/token)', async () => {
    const response = await rawRequest(emulator.url, {
      method: 'POST',
      path: '//oauth/token',
      headers: {'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth()},
      body: 'grant_type=client_credentials',
    })
    expect(response.status).toBe(200)
    const {organizations} = await sdk(`${emulator.url}/`).organization.listOrganization()
    expect(organizations.length).toBeGreaterThan(0)
  })
})

describe('SDK authentication', () => {
  it('fetches a token on the first UNAUTHENTICATED answer and reuses it', async () => {
    const local = await startEmulator({port: 0})
    try {
      const client = sdk(local.url)
      await client.organization.listOrganization()
      await client.organization.listOrganization()
      const stats = await (await fetch(`${local.url}/_emulator/stats`, {headers: {authorization: basicAuth()}})).json()
      expect(stats).toMatchObject({rpc: {'OrganizationService/ListOrganization': 3}, tokens: 1, unauthenticated: 1})
    } finally {
      await local.close()
    }
  })

  it('surfaces a wrong client secret as a 401 from the token endpoint', async () => {
    const client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, 'not_the_secret')
    const error = (await client.organization.listOrganization().catch((e: unknown) => e)) as {
      response?: {status: number; data: unknown}
    }
    // The SDK lets the raw AxiosError of its re-authentication escape.
    expect(error.response?.status).toBe(401)
    expect(error.response?.data).toMatchObject({error: 'invalid_client'})
  })

  it('accepts its own client id and secret when configured', async () => {
    const local = await startEmulator({port: 0, clientId: 'skc_custom_1', clientSecret: 'custom_secret_value'})
    try {
      const client = new ScalekitClient(local.url, 'skc_custom_1', 'custom_secret_value')
      expect((await client.organization.listOrganization()).totalSize).toBe(1)
      const defaults = (await sdk(local.url)
        .organization.listOrganization()
        .catch((e: unknown) => e)) as {response?: {status: number}}
      expect(defaults.response?.status).toBe(401)
    } finally {
      await local.close()
    }
  })
})

describe('discovery', () => {
  it('publishes OpenID configuration on the origin the client used', async () => {
    const config = (await (await fetch(`${emulator.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    expect(config).toMatchObject({
      issuer: emulator.url,
      authorization_endpoint: `${emulator.url}/oauth/authorize`,
      token_endpoint: `${emulator.url}/oauth/token`,
      jwks_uri: `${emulator.url}/keys`,
      end_session_endpoint: `${emulator.url}/oidc/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
    })
    const viaLocalhost = await rawRequest(emulator.url, {
      path: '/.well-known/openid-configuration',
      headers: {host: `localhost:${emulator.port}`},
    })
    expect(JSON.parse(viaLocalhost.body).issuer).toBe(`http://localhost:${emulator.port}`)
  })
})
