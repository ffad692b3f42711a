import {afterEach, describe, expect, it, vi} from 'vitest'

import {
  ACCESS_TOKEN_TTL_SECONDS,
  accessTokenVerifier,
  mintAccessToken,
} from '../../../src/emulator/oauth/access-token.js'
import {RotatingKey} from '../../../src/emulator/oauth/rotating-key.js'
import {createSigningKey} from '../../../src/emulator/oauth/signing-key.js'

const CLIENT = 'skc_test_client'
const claims = {clientId: CLIENT, issuer: 'http://127.0.0.1:1', scopes: []}

describe('the API token verifier', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('remembers a token it accepted only until the token expires', async () => {
    vi.useFakeTimers({toFake: ['Date']})
    const key = new RotatingKey(Promise.resolve(createSigningKey()))
    await key.ready
    const verify = accessTokenVerifier(key)
    const token = await mintAccessToken(key, claims)
    await verify(token, CLIENT)
    await verify(token, CLIENT)
    vi.setSystemTime(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000)
    await expect(verify(token, CLIENT)).rejects.toThrow(/exp/)
  })

  it('does not let a token accepted for one client stand for another', async () => {
    const key = new RotatingKey(Promise.resolve(createSigningKey()))
    await key.ready
    const verify = accessTokenVerifier(key)
    const token = await mintAccessToken(key, claims)
    await verify(token, CLIENT)
    await expect(verify(token, 'skc_other_client')).rejects.toThrow()
    await expect(verify(`${token}x`, CLIENT)).rejects.toThrow()
  })
})
