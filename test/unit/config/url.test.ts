import {describe, expect, it} from 'vitest'

import {environmentKind, normaliseEnvironmentUrl} from '../../../src/config/url.js'
import {CliError} from '../../../src/errors.js'

describe('normaliseEnvironmentUrl', () => {
  it.each([
    ['https://acme.scalekit.dev/', 'https://acme.scalekit.dev'],
    ['  https://acme.scalekit.dev//  ', 'https://acme.scalekit.dev'],
    ['HTTPS://Acme.Scalekit.dev', 'https://acme.scalekit.dev'],
    ['http://127.0.0.1:8765/', 'http://127.0.0.1:8765'],
    ['https://auth.acme.com/env1/', 'https://auth.acme.com/env1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseEnvironmentUrl(input)).toBe(expected)
  })

  it.each([
    ['acme.scalekit.dev', /has no scheme/],
    ['127.0.0.1:8080', /has no scheme/],
    ['', /empty/],
    ['ftp://acme.scalekit.dev', /must use https/],
    ['https://user:pw@acme.scalekit.dev', /credentials/],
    ['https://acme.scalekit.dev/?x=1', /query or fragment/],
    ['https://exa mple.com', /not a valid URL/],
  ])('rejects %j with exit 2', (input, message) => {
    let caught: unknown
    try {
      normaliseEnvironmentUrl(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(CliError)
    expect((caught as CliError).exit).toBe(2)
    expect((caught as CliError).message).toMatch(message)
  })

  it('suggests the https form when the scheme is missing', () => {
    expect(() => normaliseEnvironmentUrl('acme.scalekit.dev')).toThrow(
      expect.objectContaining({hint: expect.stringContaining('https://acme.scalekit.dev')}),
    )
  })

  it.each(['127.0.0.1:28766', 'localhost:28766', '[::1]:28766', '127.3.4.5'])(
    'suggests http:// for the loopback host %s, where the emulator listens',
    (input) => {
      expect(() => normaliseEnvironmentUrl(input)).toThrow(
        expect.objectContaining({
          hint: `write it with http:// (a local emulator listens on plain http), e.g. http://${input}`,
        }),
      )
    },
  )
})

describe('environmentKind', () => {
  it.each([
    ['https://acme.scalekit.dev', 'development'],
    ['https://acme-dev.scalekit.cloud', 'development'],
    ['https://acme.scalekit.com', 'production'],
    ['https://auth.acme.com', 'production'],
    ['http://127.0.0.1:8765', 'local'],
    ['http://localhost:8765', 'local'],
    ['http://[::1]:8765', 'local'],
  ])('%s is %s', (url, kind) => {
    expect(environmentKind(url)).toBe(kind)
  })
})
