import {describe, expect, it} from 'vitest'
import {RotatingKey} from '../../../src/emulator/oauth/rotating-key.js'
import {createSigningKey, loadOrCreateSigningKey, type SigningKey} from '../../../src/emulator/oauth/signing-key.js'

// A memory-only emulator listens while its first key is generated; the key says when it is there.

describe('RotatingKey', () => {
  it('refuses to be read before its first key is there, and serves it after', async () => {
    let arrive!: (key: SigningKey) => void
    const key = new RotatingKey(new Promise<SigningKey>((resolve) => (arrive = resolve)))
    expect(() => key.kid).toThrow(/not ready yet/)
    const first = createSigningKey()
    arrive(first)
    await key.ready
    expect(key.kid).toBe(first.kid)
    expect(key.jwks({secondKey: false}).keys).toEqual([first.publicJwk])
    key.rotate()
    expect(key.kid).not.toBe(first.kid)
    expect(key.verificationKey(first.kid)).toBe(first.publicKey)
  })

  it('hands a failed generation to whoever waits, with no unhandled rejection', async () => {
    const key = new RotatingKey(Promise.reject(new Error('no entropy')))
    await expect(key.ready).rejects.toThrow('no entropy')
  })

  it('generates a 2048-bit RSA key off the event loop when there is no data directory', async () => {
    const generated = await loadOrCreateSigningKey()
    expect(generated.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(generated.kid).toMatch(/^snk_emulator_[0-9a-f]{16}$/)
  })
})
