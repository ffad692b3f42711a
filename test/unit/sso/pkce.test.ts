import {describe, expect, it} from 'vitest'

import {challengeFor, createVerifier, randomToken} from '../../../src/sso/pkce.js'

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B test vector', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('makes 43-character unreserved verifiers and 256-bit state values, never twice the same', () => {
    const verifier = createVerifier()
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/)
    expect(Buffer.from(randomToken(), 'base64url')).toHaveLength(32)
    expect(new Set(Array.from({length: 50}, createVerifier)).size).toBe(50)
  })
})
