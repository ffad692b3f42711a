import {describe, expect, it} from 'vitest'

import {parseDomainName} from '../../../src/api/domains.js'

describe('parseDomainName', () => {
  it('accepts host names, lower-cased, without a trailing dot', () => {
    expect(parseDomainName('acme.com')).toBe('acme.com')
    expect(parseDomainName(' Mail.ACME.co.uk. ')).toBe('mail.acme.co.uk')
    expect(parseDomainName('a-b.example')).toBe('a-b.example')
    expect(parseDomainName('xn--bcher-kva.example')).toBe('xn--bcher-kva.example')
  })

  it('turns internationalised names into punycode', () => {
    expect(parseDomainName('Bücher.de')).toBe('xn--bcher-kva.de')
  })

  it.each([
    'acme',
    'https://acme.com',
    'acme.com/path',
    'acme.com:443',
    'jane@acme.com',
    '10.0.0.1',
    '-acme.com',
    'acme-.com',
    'acme..com',
    'acme_corp.com',
    'acme.c',
    `${'a'.repeat(64)}.com`,
    '',
  ])('refuses %j with exit 2', (value) => {
    expect(() => parseDomainName(value)).toThrow(
      expect.objectContaining({exit: 2, message: `"${value}" is not a domain name`}),
    )
  })

  it('suggests the host name when given a URL', () => {
    expect(() => parseDomainName('https://Acme.com/login')).toThrow(
      expect.objectContaining({hint: 'pass the host name alone: acme.com'}),
    )
  })
})
