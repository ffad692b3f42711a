import {createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify} from 'jose'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator} from '../../../src/emulator/index.js'
import {tempDir} from '../../helpers/tmp.js'
import {adminPost, exchange, signIn} from './sso-support.js'
import {basicAuth, clientToken, sdk, useSdkEmulator} from './support.js'

// The OpenID conformance RP cases as fault switches, on an emulator of their own: a rotation changes the key for
// every later token.
const ctx = useSdkEmulator()

const arm = (idToken: string) => adminPost(ctx.emulator.url, '/_emulator/faults', {idToken}, basicAuth())
const publishedKeys = async (url = ctx.emulator.url) =>
  ((await (await fetch(`${url}/keys`)).json()) as JSONWebKeySet).keys

async function login(url = ctx.emulator.url, organizationId = ctx.seededOrg) {
  const {code} = await signIn(url, {organizationId, nonce: 'n'})
  const {status, body} = await exchange(url, {code})
  expect(status).toBe(200)
  return {accessToken: body.access_token as string, idToken: body.id_token as string}
}

describe('OpenID conformance fault switches', () => {
  it('missing_iat, missing_sub and empty_sub change exactly that claim of the next ID token', async () => {
    for (const [name, check] of [
      ['missing_iat', (claims: Record<string, unknown>) => expect(claims).not.toHaveProperty('iat')],
      ['missing_sub', (claims: Record<string, unknown>) => expect(claims).not.toHaveProperty('sub')],
      ['empty_sub', (claims: Record<string, unknown>) => expect(claims.sub).toBe('')],
    ] as const) {
      expect((await arm(name)).status).toBe(200)
      const broken = decodeJwt((await login()).idToken)
      check(broken)
      expect(broken).toMatchObject({aud: [DEFAULT_CLIENT_ID], iss: ctx.emulator.url, nonce: 'n'})
      expect(decodeJwt((await login()).idToken)).toMatchObject({iat: expect.any(Number), sub: expect.any(String)})
    }
  })

  it('hs256_client_secret signs the next ID token with HMAC keyed by the client secret', async () => {
    await arm('hs256_client_secret')
    const {idToken} = await login()
    expect(decodeProtectedHeader(idToken).alg).toBe('HS256')
    await expect(jwtVerify(idToken, new TextEncoder().encode(DEFAULT_CLIENT_SECRET))).resolves.toBeTruthy()
  })

  it('kid_absent_single_key: the next ID token has no kid and verifies against the one published key', async () => {
    await arm('kid_absent_single_key')
    const {idToken} = await login()
    expect(decodeProtectedHeader(idToken)).not.toHaveProperty('kid')
    const keys = await publishedKeys()
    expect(keys).toHaveLength(1)
    await expect(jwtVerify(idToken, createLocalJWKSet({keys}))).resolves.toBeTruthy()
  })

  it('kid_absent_multiple_keys: a second key is published from arming until a token is minted without it', async () => {
    await arm('kid_absent_multiple_keys')
    expect(await publishedKeys()).toHaveLength(2)
    const {idToken, accessToken} = await login()
    expect(decodeProtectedHeader(idToken)).not.toHaveProperty('kid')
    const keys = await publishedKeys()
    expect(keys).toHaveLength(2)
    await expect(jwtVerify(idToken, createLocalJWKSet({keys}))).rejects.toThrow(/multiple matching keys/i)
    // The access token keeps its kid and verifies.
    await expect(jwtVerify(accessToken, createLocalJWKSet({keys}))).resolves.toBeTruthy()
    await login()
    expect(await publishedKeys()).toHaveLength(1)
  })

  it('key_rotation: the grant is signed under a new kid, the old key is withdrawn, older API tokens still work', async () => {
    const apiToken = await clientToken(ctx.emulator.url)
    const [old] = await publishedKeys()
    await arm('key_rotation')
    const {idToken, accessToken} = await login()
    const keys = await publishedKeys()
    expect(keys.map((k) => k.kid)).toEqual([decodeProtectedHeader(idToken).kid])
    expect(keys[0]?.kid).not.toBe(old?.kid)
    expect(decodeProtectedHeader(accessToken).kid).toBe(keys[0]?.kid)
    await expect(jwtVerify(idToken, createLocalJWKSet({keys}))).resolves.toBeTruthy()
    const listed = await fetch(`${ctx.emulator.url}/api/v1/organizations`, {
      headers: {authorization: `Bearer ${apiToken}`},
    })
    expect(listed.status).toBe(200)
    // New API tokens are signed with the new key.
    expect(decodeProtectedHeader(await clientToken(ctx.emulator.url)).kid).toBe(keys[0]?.kid)
  })

  it('key_rotation with a data directory keeps the new key across a restart', async () => {
    const dataDir = tempDir()
    let kept = await startEmulator({dataDir, port: 0})
    try {
      const organizationId = (await sdk(kept.url).organization.listOrganization()).organizations[0]!.id
      await adminPost(kept.url, '/_emulator/faults', {idToken: 'key_rotation'}, basicAuth())
      const {idToken} = await login(kept.url, organizationId)
      await kept.close()
      kept = await startEmulator({dataDir, port: 0})
      expect((await publishedKeys(kept.url)).map((k) => k.kid)).toEqual([decodeProtectedHeader(idToken).kid])
    } finally {
      await kept.close()
    }
  })
})
