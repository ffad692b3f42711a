import {describe, expect, it} from 'vitest'

import {guard, mask, redact, registerSecret} from '../../src/redact.js'

describe('redact', () => {
  it('masks a registered secret in its raw, URL-encoded and base64 forms', () => {
    const secret = 'test_s3cr3t/with+chars=='
    registerSecret(secret)
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`
    const out = redact(text)
    expect(out).not.toContain(secret)
    expect(out).not.toContain(encodeURIComponent(secret))
    expect(out).not.toContain(Buffer.from(secret).toString('base64'))
    expect(out).toBe('a **** b **** c ****')
  })

  it('masks a short secret (a one-time code) where it stands as a token, and nowhere inside a longer one', () => {
    registerSecret('975649')
    expect(redact(`argv: [ '--code', '975649' ]`)).toBe(`argv: [ '--code', '****' ]`)
    expect(redact('--code=975649 {"code":"975649"} 975649')).toBe('--code=**** {"code":"****"} ****')
    expect(redact('id 19756490, x975649, 975649_1, 9756491')).toBe('id 19756490, x975649, 975649_1, 9756491')
  })

  it('masks short secrets with regular-expression characters literally', () => {
    registerSecret('a.c+')
    expect(redact('a.c+ abc+ a.c+d')).toBe('**** abc+ a.c+d')
  })

  it('filters every string or buffer written to a guarded stream', () => {
    const secret = 'canary_stream_value_123456'
    registerSecret(secret)
    const seen: string[] = []
    const stream = {
      write(chunk: string | Uint8Array) {
        seen.push(String(chunk))
        return true
      },
    }
    guard(stream)
    stream.write(`token=${secret}\n`)
    stream.write(Buffer.from(`again ${secret}`))
    expect(seen).toEqual(['token=****\n', 'again ****'])
  })
})

describe('mask', () => {
  it('keeps the last four characters of a secret', () => expect(mask('test_abcdefgh1234')).toBe('…1234'))
  it('hides short values entirely', () => expect(mask('short')).toBe('****'))
  it('is undefined for no secret', () => expect(mask(undefined)).toBeUndefined())
})

describe('writeUnredacted', () => {
  it('bypasses the redactor for output that is the secret itself', async () => {
    const {writeUnredacted} = await import('../../src/redact.js')
    const secret = 'token_meant_to_be_printed_123'
    registerSecret(secret)
    const seen: string[] = []
    const stream = {
      write(chunk: string | Uint8Array) {
        seen.push(String(chunk))
        return true
      },
    }
    guard(stream)
    stream.write(secret)
    writeUnredacted(stream, secret)
    expect(seen).toEqual(['****', secret])
  })
})
