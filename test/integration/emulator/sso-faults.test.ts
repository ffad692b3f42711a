import {createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify} from 'jose'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {adminPost, exchange, leftHalfSha256, signIn} from './sso-support.js'
import {basicAuth, sdk} from './support.js'

let emulator: RunningEmulator
let organizationId: string
let jwks: JSONWebKeySet

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  organizationId = (await sdk(emulator.url).organization.listOrganization()).organizations[0]!.id
  jwks = (await (await fetch(`${emulator.url}/keys`)).json()) as JSONWebKeySet
})

afterAll(async () => {
  await emulator?.close()
})

const NONCE = 'nonce-for-faults'

function arm(body: unknown) {
  return adminPost(emulator.url, '/_emulator/faults', body, basicAuth())
}

/** A full login; returns the tokens and the code they came from. */
async function login() {
  const {code} = await signIn(emulator.url, {organizationId, nonce: NONCE})
  const {status, body} = await exchange(emulator.url, {code})
  expect(status).toBe(200)
  return {code, idToken: body.id_token as string, accessToken: body.access_token as string}
}

/** Every check a careful relying party makes (OIDC Core §3.1.3.7), so a clean token passes and a broken one fails. */
async function strictlyValid(token: string, accessToken: string, code: string): Promise<boolean> {
  try {
    const {payload} = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
      issuer: emulator.url,
      audience: DEFAULT_CLIENT_ID,
      maxTokenAge: '10m',
    })
    const audiences = [payload.aud].flat()
    return (
      audiences.length === 1 &&
      payload.azp === DEFAULT_CLIENT_ID &&
      payload.iat! <= Math.floor(Date.now() / 1000) + 60 &&
      payload.nonce === NONCE &&
      payload.at_hash === leftHalfSha256(accessToken) &&
      payload.c_hash === leftHalfSha256(code)
    )
  } catch {
    return false
  }
}

const now = () => Math.floor(Date.now() / 1000)

/** The specific defect each fault must produce, read from the decoded token. */
const defects: Record<string, (token: string, accessToken: string, code: string) => void> = {
  unknown_key(token) {
    const {kid, alg} = decodeProtectedHeader(token)
    expect(alg).toBe('RS256')
    expect(jwks.keys.map((key) => key.kid)).not.toContain(kid)
  },
  bad_signature(token) {
    expect(decodeProtectedHeader(token).kid).toBe(jwks.keys[0]!.kid)
  },
  alg_none(token) {
    expect(decodeProtectedHeader(token).alg).toBe('none')
    expect(token.endsWith('.')).toBe(true)
  },
  hs256(token) {
    expect(decodeProtectedHeader(token).alg).toBe('HS256')
  },
  wrong_issuer(token) {
    expect(decodeJwt(token).iss).not.toBe(emulator.url)
  },
  wrong_audience(token) {
    expect(decodeJwt(token).aud).not.toContain(DEFAULT_CLIENT_ID)
  },
  extra_audience(token) {
    const claims = decodeJwt(token)
    expect(claims.aud).toEqual([DEFAULT_CLIENT_ID, expect.any(String)])
    expect(claims.azp).toBe(DEFAULT_CLIENT_ID)
  },
  azp_mismatch(token) {
    const claims = decodeJwt(token)
    expect(claims.aud).toEqual([DEFAULT_CLIENT_ID])
    expect(claims.azp).not.toBe(DEFAULT_CLIENT_ID)
  },
  expired(token) {
    expect(decodeJwt(token).exp).toBeLessThan(now() - 300)
  },
  iat_future(token) {
    expect(decodeJwt(token).iat).toBeGreaterThan(now() + 3000)
  },
  missing_nonce(token) {
    expect(decodeJwt(token)).not.toHaveProperty('nonce')
  },
  wrong_nonce(token) {
    expect(decodeJwt(token).nonce).toEqual(expect.any(String))
    expect(decodeJwt(token).nonce).not.toBe(NONCE)
  },
  bad_at_hash(token, accessToken) {
    expect(decodeJwt(token).at_hash).not.toBe(leftHalfSha256(accessToken))
  },
  bad_c_hash(token, _accessToken, code) {
    expect(decodeJwt(token).c_hash).not.toBe(leftHalfSha256(code))
  },
}

describe('ID-token fault switches', () => {
  it.each(Object.keys(defects))('%s breaks exactly the next ID token', async (name) => {
    const armed = await arm({idToken: name})
    expect(armed.status).toBe(200)
    expect(await armed.json()).toMatchObject({idToken: {name, remaining: 1}, accessToken: null})

    const broken = await login()
    defects[name]!(broken.idToken, broken.accessToken, broken.code)
    expect(await strictlyValid(broken.idToken, broken.accessToken, broken.code)).toBe(false)
    // The access token is untouched by an ID-token fault.
    await expect(jwtVerify(broken.accessToken, createLocalJWKSet(jwks), {issuer: emulator.url})).resolves.toBeTruthy()

    const clean = await login()
    expect(await strictlyValid(clean.idToken, clean.accessToken, clean.code)).toBe(true)
  })

  it('applies a fault to the next N tokens and can be cleared', async () => {
    await arm({idToken: 'wrong_issuer', count: 2})
    expect(decodeJwt((await login()).idToken).iss).not.toBe(emulator.url)
    expect(decodeJwt((await login()).idToken).iss).not.toBe(emulator.url)
    expect(decodeJwt((await login()).idToken).iss).toBe(emulator.url)

    await arm({idToken: 'expired', count: 5})
    expect(await (await arm({idToken: null})).json()).toMatchObject({idToken: null})
    const clean = await login()
    expect(await strictlyValid(clean.idToken, clean.accessToken, clean.code)).toBe(true)
  })

  it('makes the SDK validateToken fail for signature, issuer, audience and expiry defects', async () => {
    const client = sdk(emulator.url)
    for (const name of [
      'unknown_key',
      'bad_signature',
      'alg_none',
      'hs256',
      'wrong_issuer',
      'wrong_audience',
      'expired',
    ]) {
      await arm({idToken: name})
      const {idToken} = await login()
      await expect(
        client.validateToken(idToken, {issuer: emulator.url, audience: [DEFAULT_CLIENT_ID]}),
      ).rejects.toThrow()
    }
  })
})

describe('access-token fault switches', () => {
  it.each([
    ['expired', (token: string) => expect(decodeJwt(token).exp).toBeLessThan(now() - 300)],
    ['wrong_issuer', (token: string) => expect(decodeJwt(token).iss).not.toBe(emulator.url)],
    [
      'unknown_key',
      (token: string) => expect(jwks.keys.map((key) => key.kid)).not.toContain(decodeProtectedHeader(token).kid),
    ],
  ])('%s breaks exactly the next access token', async (name, defect) => {
    await arm({accessToken: name})
    const broken = await login()
    defect(broken.accessToken)
    const client = sdk(emulator.url)
    const options = {issuer: emulator.url, audience: [DEFAULT_CLIENT_ID]}
    await expect(client.validateToken(broken.accessToken, options)).rejects.toThrow()
    // The ID token still vouches for the access token it came with.
    expect(await strictlyValid(broken.idToken, broken.accessToken, broken.code)).toBe(true)

    const clean = await login()
    await expect(client.validateToken(clean.accessToken, options)).resolves.toBeTruthy()
  })
})

describe('POST /_emulator/faults', () => {
  it('requires the client credentials and validates the request', async () => {
    expect((await adminPost(emulator.url, '/_emulator/faults', {idToken: 'expired'}, 'Basic eDp5')).status).toBe(401)
    for (const body of [
      {idToken: 'nope'},
      {accessToken: 'alg_none'},
      {idToken: 'expired', count: 0},
      {idToken: 'expired', count: 1.5},
      {other: 1},
      {},
      [],
    ]) {
      const response = await arm(body)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({error: 'invalid_request'})
    }
    const state = await fetch(`${emulator.url}/_emulator/faults`, {headers: {authorization: basicAuth()}})
    expect(await state.json()).toEqual({idToken: null, accessToken: null})
  })

  it('is cleared by a reset', async () => {
    await arm({idToken: 'expired', accessToken: 'expired', count: 3})
    await fetch(`${emulator.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
    const state = await fetch(`${emulator.url}/_emulator/faults`, {headers: {authorization: basicAuth()}})
    expect(await state.json()).toEqual({idToken: null, accessToken: null})
    organizationId = (await sdk(emulator.url).organization.listOrganization()).organizations[0]!.id
  })
})
