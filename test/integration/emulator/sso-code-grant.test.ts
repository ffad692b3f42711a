import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {CALLBACK, exchange, openSimulator, pkce, signIn, submit, USER} from './sso-support.js'
import {basicAuth, sdk} from './support.js'

let emulator: RunningEmulator
let organizationId: string

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  organizationId = (await sdk(emulator.url).organization.listOrganization()).organizations[0]!.id
})

afterAll(async () => {
  await emulator?.close()
})

afterEach(() => {
  vi.useRealTimers()
})

async function codeWithPkce() {
  const {verifier, challenge} = pkce()
  const {code} = await signIn(emulator.url, {organizationId, codeChallenge: challenge, codeChallengeMethod: 'S256'})
  return {code, verifier}
}

describe('POST /oauth/token grant_type=authorization_code', () => {
  it('answers the documented token response', async () => {
    const {code, verifier} = await codeWithPkce()
    const {status, body} = await exchange(emulator.url, {code, code_verifier: verifier})
    expect(status).toBe(200)
    expect(body).toMatchObject({token_type: 'Bearer', expires_in: 899, scope: 'openid profile email'})
    expect(body.access_token).toEqual(expect.any(String))
    expect(body.id_token).toEqual(expect.any(String))
  })

  it('authenticates the client by HTTP Basic too, and rejects a wrong secret with 401', async () => {
    const {code} = await signIn(emulator.url, {organizationId})
    const basic = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: {authorization: basicAuth()},
      body: new URLSearchParams({grant_type: 'authorization_code', code, redirect_uri: CALLBACK}),
    })
    expect(basic.status).toBe(200)

    const other = await signIn(emulator.url, {organizationId})
    const wrong = await exchange(emulator.url, {code: other.code, client_secret: 'wrong'})
    expect(wrong.status).toBe(401)
    expect(wrong.body.error).toBe('invalid_client')
    // A failed client authentication does not spend the code.
    expect((await exchange(emulator.url, {code: other.code})).status).toBe(200)
  })

  it('accepts a code only once', async () => {
    const {code, verifier} = await codeWithPkce()
    expect((await exchange(emulator.url, {code, code_verifier: verifier})).status).toBe(200)
    const replay = await exchange(emulator.url, {code, code_verifier: verifier})
    expect(replay).toMatchObject({status: 400, body: {error: 'invalid_grant'}})
  })

  it('rejects a wrong or missing verifier, and the code is spent afterwards', async () => {
    const {code, verifier} = await codeWithPkce()
    expect(await exchange(emulator.url, {code, code_verifier: pkce().verifier})).toMatchObject({
      status: 400,
      body: {error: 'invalid_grant'},
    })
    expect((await exchange(emulator.url, {code, code_verifier: verifier})).body.error).toBe('invalid_grant')
    const second = await codeWithPkce()
    expect((await exchange(emulator.url, {code: second.code})).body.error).toBe('invalid_grant')
  })

  it('rejects a verifier when no challenge was sent (PKCE downgrade)', async () => {
    const {code} = await signIn(emulator.url, {organizationId})
    expect(await exchange(emulator.url, {code, code_verifier: pkce().verifier})).toMatchObject({
      status: 400,
      body: {error: 'invalid_grant'},
    })
  })

  it('requires the exact redirect_uri of the authorize request', async () => {
    for (const redirectUri of ['http://127.0.0.1:1/callback', `${CALLBACK}/`, '']) {
      const {code} = await signIn(emulator.url, {organizationId})
      expect(await exchange(emulator.url, {code, redirect_uri: redirectUri})).toMatchObject({
        status: 400,
        body: {error: 'invalid_grant'},
      })
    }
  })

  it('rejects an unknown code and a missing one', async () => {
    expect((await exchange(emulator.url, {code: 'code_unknown'})).body.error).toBe('invalid_grant')
    expect((await exchange(emulator.url, {code: ''})).body.error).toBe('invalid_request')
  })

  it('expires codes after 60 seconds', async () => {
    vi.useFakeTimers({toFake: ['Date']})
    const {code} = await signIn(emulator.url, {organizationId})
    vi.setSystemTime(Date.now() + 61_000)
    expect((await exchange(emulator.url, {code})).body.error).toBe('invalid_grant')

    const fresh = await signIn(emulator.url, {organizationId})
    vi.setSystemTime(Date.now() + 59_000)
    expect((await exchange(emulator.url, {code: fresh.code})).status).toBe(200)
  })

  it('expires login requests after 10 minutes', async () => {
    vi.useFakeTimers({toFake: ['Date']})
    const simulator = await openSimulator(emulator.url, {organizationId})
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1000)
    expect((await submit(simulator, USER)).status).toBe(400)
  })

  it('surfaces a bad code through the SDK as a 400', async () => {
    const error = (await sdk(emulator.url)
      .authenticateWithCode('code_nope', CALLBACK)
      .catch((e: unknown) => e)) as {response?: {status: number; data: unknown}}
    expect(error.response?.status).toBe(400)
    expect(error.response?.data).toMatchObject({error: 'invalid_grant'})
  })
})
