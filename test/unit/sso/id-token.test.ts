import {createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT} from 'jose'
import {beforeAll, describe, expect, it} from 'vitest'

import {halfHash, TokenRejected, validateAccessToken, validateIdToken} from '../../../src/sso/id-token.js'

const ISSUER = 'http://127.0.0.1:8765'
const CLIENT = 'skc_1'
const ACCESS = 'access.token.value'
const CODE = 'code_123'
let keys: ReturnType<typeof createLocalJWKSet>
let sign: (claims: JWTPayload, header?: Record<string, unknown>) => Promise<string>
let signWithOtherKey: (claims: JWTPayload) => Promise<string>
/** The same key as `keys`, published beside a second one. */
let twoKeys: ReturnType<typeof createLocalJWKSet>

beforeAll(async () => {
  const pair = await generateKeyPair('RS256')
  const other = await generateKeyPair('RS256')
  const published = {...(await exportJWK(pair.publicKey)), alg: 'RS256', kid: 'snk_1'}
  keys = createLocalJWKSet({keys: [published]})
  twoKeys = createLocalJWKSet({keys: [published, {...(await exportJWK(other.publicKey)), alg: 'RS256', kid: 'snk_2'}]})
  sign = (claims, header = {}) =>
    new SignJWT(claims).setProtectedHeader({alg: 'RS256', kid: 'snk_1', ...header}).sign(pair.privateKey)
  signWithOtherKey = (claims) =>
    new SignJWT(claims).setProtectedHeader({alg: 'RS256', kid: 'snk_2'}).sign(other.privateKey)
})

const now = () => Math.floor(Date.now() / 1000)
const good = (): JWTPayload => ({
  at_hash: halfHash(ACCESS),
  aud: [CLIENT],
  azp: CLIENT,
  c_hash: halfHash(CODE),
  email: 'jane@example.com',
  exp: now() + 600,
  iat: now(),
  iss: ISSUER,
  nonce: 'n-1',
  sub: 'conn_1;42',
})
const expectations = {accessToken: ACCESS, clientId: CLIENT, code: CODE, issuer: ISSUER, leeway: 60, nonce: 'n-1'}

async function ruleFor(token: string): Promise<string> {
  try {
    await validateIdToken(token, keys, expectations)
    return 'accepted'
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejected)
    return (error as TokenRejected).rule
  }
}

describe('validateIdToken', () => {
  it('accepts the untouched token', async () => {
    expect(await ruleFor(await sign(good()))).toBe('accepted')
  })

  it.each([
    ['wrong issuer', {iss: 'https://evil.example'}, 'iss'],
    ['foreign audience', {aud: ['someone_else']}, 'aud'],
    ['extra audience without azp', {aud: [CLIENT, 'other'], azp: undefined}, 'azp'],
    ['extra audience', {aud: [CLIENT, 'other']}, 'aud'],
    ['azp of another client', {azp: 'skc_other'}, 'azp'],
    ['expired beyond leeway', {exp: now() - 600}, 'exp'],
    ['issued in the future', {iat: now() + 3600}, 'iat'],
    ['missing nonce', {nonce: undefined}, 'nonce'],
    ['wrong nonce', {nonce: 'n-2'}, 'nonce'],
    ['bad at_hash', {at_hash: halfHash('other')}, 'at_hash'],
    ['bad c_hash', {c_hash: halfHash('other')}, 'c_hash'],
    ['empty sub', {sub: ''}, 'sub'],
    ['missing sub', {sub: undefined}, 'sub'],
    ['missing iat', {iat: undefined}, 'iat'],
  ])('rejects a token with %s (rule %s)', async (_label, change, rule) => {
    expect(await ruleFor(await sign({...good(), ...change}))).toBe(rule)
  })

  it('rejects a token signed by a key the JWKS does not publish', async () => {
    expect(await ruleFor(await signWithOtherKey(good()))).toBe('signature')
  })

  it('accepts a token without kid when the JWKS has one key, and rejects it (rule kid) when it has several', async () => {
    const noKid = await sign(good(), {kid: undefined})
    expect(await ruleFor(noKid)).toBe('accepted')
    await expect(validateIdToken(noKid, twoKeys, expectations)).rejects.toMatchObject({rule: 'kid'})
  })

  it('rejects an altered signature', async () => {
    const token = await sign(good())
    const [h, p, s] = token.split('.')
    const flipped = `${s?.[0] === 'A' ? 'B' : 'A'}${s?.slice(1)}`
    expect(await ruleFor(`${h}.${p}.${flipped}`)).toBe('signature')
  })

  it('rejects alg none and HS256', async () => {
    const payload = Buffer.from(JSON.stringify(good())).toString('base64url')
    const none = `${Buffer.from(JSON.stringify({alg: 'none'})).toString('base64url')}.${payload}.`
    expect(await ruleFor(none)).toBe('alg')
    const hs = `${Buffer.from(JSON.stringify({alg: 'HS256', kid: 'snk_1'})).toString('base64url')}.${payload}.c2ln`
    expect(await ruleFor(hs)).toBe('alg')
  })
})

describe('validateAccessToken', () => {
  it('checks signature, issuer and expiry', async () => {
    const claims = {aud: [CLIENT], exp: now() + 60, iss: ISSUER, sub: CLIENT}
    await expect(validateAccessToken(await sign(claims), keys, {issuer: ISSUER, leeway: 5})).resolves.toMatchObject({
      sub: CLIENT,
    })
    await expect(
      validateAccessToken(await sign({...claims, exp: now() - 60}), keys, {issuer: ISSUER, leeway: 5}),
    ).rejects.toMatchObject({
      rule: 'exp',
    })
    await expect(
      validateAccessToken(await sign({...claims, iss: 'x'}), keys, {issuer: ISSUER, leeway: 5}),
    ).rejects.toMatchObject({
      rule: 'iss',
    })
  })
})
