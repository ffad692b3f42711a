import {describe, expect, it} from 'vitest'

import {secretArgValues} from '../../src/secret-args.js'

describe('secretArgValues', () => {
  it('finds the values of secret flags, spaced or with =', () => {
    expect(secretArgValues(['passwordless', 'verify', '--code', '975649', '--auth-request-id', 'ar_1'])).toEqual([
      '975649',
    ])
    expect(secretArgValues(['passwordless', 'verify', '--link-token=tok_l', '--json'])).toEqual(['tok_l'])
  })

  it('finds secret --field values of skctl api, and leaves other fields alone', () => {
    const argv = ['api', 'POST', '/oauth/token', '-f', 'client_secret=s1', '--field=code=123', '--field', 'name=Acme']
    expect(secretArgValues(argv)).toEqual(['s1', '123'])
  })

  it('skips "-" (read from standard input), values after --, and flags that only look alike', () => {
    expect(secretArgValues(['passwordless', 'verify', '--code', '-'])).toEqual([])
    expect(secretArgValues(['x', '--', '--code', '1'])).toEqual([])
    expect(secretArgValues(['x', '--codes', '1', '--code'])).toEqual([])
  })
})
