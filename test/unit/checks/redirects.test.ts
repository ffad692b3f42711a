import {describe, expect, it} from 'vitest'

import {
  checkRedirectUrl,
  checkRedirectUrls,
  isLoopbackHost,
  isProbeable,
  MAX_REDIRECT_LENGTH,
  parseRedirectList,
  type RedirectKind,
  redirectsJunit,
} from '../../../src/checks/redirects.js'

const rules = (url: string, kind: RedirectKind) => checkRedirectUrl(url, kind).map((f) => f.rule)

/** A URL of exactly `length` characters. */
const urlOfLength = (length: number) => {
  const base = 'https://app.acmecorp.com/'
  return base + 'a'.repeat(length - base.length)
}

describe('checkRedirectUrl — the wildcard examples from the docs (development)', () => {
  it.each([
    // [url, expected rules] — every ✓ and ✗ example from "Redirect URL rules"
    ['https://*.acmecorp.com', []],
    ['https://auth-*.acmecorp.com', []],
    ['https://*.auth.acmecorp.com', []],
    ['https://*.com', ['wildcard-root']],
    ['https://*.*.acmecorp.com', ['wildcard-count']],
    ['https://acmecorp.*.com', ['wildcard-outermost']],
    ['https://auth.*.acmecorp.com', ['wildcard-outermost']],
  ])('%s → %j', (url, expected) => {
    expect(rules(url, 'development')).toEqual(expected)
  })
})

describe('checkRedirectUrl — development', () => {
  it.each([
    ['http://localhost:3000/auth/callback', []],
    ['http://127.0.0.1:8080/callback', []],
    ['https://app.acmecorp.com/auth/callback', []],
    ['http://app.acmecorp.com/callback', []],
    ['https://*.acmecorp.com:8443/auth/callback', []],
    ['https://auth-*.com', ['wildcard-root']],
    ['https://*', ['wildcard-root']],
    ['https://app.acmecorp.com/*/callback', ['wildcard-position']],
    ['https://app.acmecorp.com:*/callback', ['wildcard-position']],
    ['http*://app.acmecorp.com/callback', ['scheme', 'wildcard-position']],
    ['https://app.acmecorp.com/callback?next=*', ['wildcard-position', 'query']],
    ['ftp://app.acmecorp.com/callback', ['scheme']],
    ['myapp://callback', ['scheme']],
    ['https://app.acmecorp.com/callback?query=value', ['query']],
    ['https://app.acmecorp.com/callback?', ['query']],
    ['https://app.acmecorp.com/callback#fragment=value', ['fragment']],
    ['https://app.acmecorp.com/callback#a?b', ['fragment']],
    ['https://app.acmecorp.com/callback?x=1#y', ['query', 'fragment']],
    ['app.acmecorp.com/callback', ['malformed']],
    ['not a url', ['malformed']],
    ['', ['malformed']],
    ['mailto:jane@acmecorp.com', ['malformed']],
    ['https://', ['malformed']],
  ])('%s → %j', (url, expected) => {
    expect(rules(url, 'development')).toEqual(expected)
  })
})

describe('checkRedirectUrl — production', () => {
  it.each([
    ['https://app.acmecorp.com/auth/callback', []],
    ['https://app.acmecorp.com:8443/auth/callback', []],
    ['http://app.acmecorp.com/callback', ['scheme']],
    ['https://localhost/callback', ['localhost']],
    ['http://localhost:3000/callback', ['scheme', 'localhost']],
    ['https://127.0.0.1/callback', ['localhost']],
    ['https://127.1.2.3:8443/callback', ['localhost']],
    ['https://[::1]/callback', ['localhost']],
    ['https://app.localhost/callback', ['localhost']],
    ['https://*.acmecorp.com', ['wildcard-production']],
    ['https://auth-*.acmecorp.com', ['wildcard-production']],
    ['https://*.com', ['wildcard-production']],
    ['https://app.acmecorp.com/callback?query=value', ['query']],
    ['https://app.acmecorp.com/callback#fragment', ['fragment']],
    ['https//app.acmecorp.com', ['malformed']],
  ])('%s → %j', (url, expected) => {
    expect(rules(url, 'production')).toEqual(expected)
  })
})

describe('checkRedirectUrl — length', () => {
  it.each<[number, string[]]>([
    [MAX_REDIRECT_LENGTH - 1, []],
    [MAX_REDIRECT_LENGTH, []],
    [MAX_REDIRECT_LENGTH + 1, ['length']],
  ])('%i characters → %j', (length, expected) => {
    const url = urlOfLength(length)
    expect(url).toHaveLength(length)
    for (const kind of ['development', 'production'] as const) expect(rules(url, kind)).toEqual(expected)
  })

  it('says how long the URL is', () => {
    const [finding] = checkRedirectUrl(urlOfLength(257), 'production')
    expect(finding?.message).toContain('257')
  })
})

describe('checkRedirectUrl — every finding explains itself', () => {
  it('names a fix that removes the problem', () => {
    const [query] = checkRedirectUrl('https://app.acmecorp.com/cb?x=1', 'development')
    expect(query?.fix).toContain('https://app.acmecorp.com/cb ')
    const [fragment] = checkRedirectUrl('https://app.acmecorp.com/cb#x', 'development')
    expect(fragment?.fix).toContain('https://app.acmecorp.com/cb')
    const [outermost] = checkRedirectUrl('https://auth.*.acmecorp.com', 'development')
    expect(outermost?.fix).toContain('https://*.auth.acmecorp.com')
    expect(rules('https://*.auth.acmecorp.com', 'development')).toEqual([])
    const [scheme] = checkRedirectUrl('http://app.acmecorp.com/cb', 'production')
    expect(scheme?.fix).toContain('https://app.acmecorp.com/cb')
  })

  it('gives every finding a message and a fix', () => {
    const urls = ['ftp://*.*.x.com/a?b#c', 'https://auth.*.a.com', 'https://*.com', 'nope', urlOfLength(300)]
    for (const kind of ['development', 'production'] as const) {
      for (const finding of urls.flatMap((u) => checkRedirectUrl(u, kind))) {
        expect(finding.message.length).toBeGreaterThan(5)
        expect(finding.fix.length).toBeGreaterThan(5)
      }
    }
  })
})

describe('checkRedirectUrls', () => {
  const five = [1, 2, 3, 4, 5].map((n) => `https://app${n}.acmecorp.com/callback`)

  it('accepts five URLs and reports a sixth as a finding on the list', () => {
    expect(checkRedirectUrls(five, 'production')).toMatchObject({findings: [], kind: 'production', ok: true})
    const six = checkRedirectUrls([...five, 'https://app6.acmecorp.com/callback'], 'production')
    expect(six.ok).toBe(false)
    expect(six.results.every((r) => r.ok)).toBe(true)
    expect(six.findings.map((f) => f.rule)).toEqual(['count'])
    expect(six.findings[0]?.message).toContain('6')
  })

  it('is ok only when every URL is', () => {
    const report = checkRedirectUrls(['https://a.acmecorp.com/cb', 'http://localhost/cb'], 'production')
    expect(report.ok).toBe(false)
    expect(report.results.map((r) => r.ok)).toEqual([true, false])
    expect(checkRedirectUrls(['http://localhost/cb'], 'development').ok).toBe(true)
  })

  it('trims whitespace around URLs', () => {
    expect(checkRedirectUrls(['  https://a.acmecorp.com/cb  '], 'production').results[0]?.url).toBe(
      'https://a.acmecorp.com/cb',
    )
  })
})

describe('helpers', () => {
  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '0.0.0.0'])
      expect(isLoopbackHost(host)).toBe(true)
    for (const host of ['localhost.acmecorp.com', '128.0.0.1', 'acmecorp.com']) expect(isLoopbackHost(host)).toBe(false)
  })

  it('probes only http(s) URLs without a wildcard', () => {
    expect(isProbeable('https://app.acmecorp.com/cb')).toBe(true)
    expect(isProbeable('http://127.0.0.1:4000/callback')).toBe(true)
    expect(isProbeable('https://*.acmecorp.com/cb')).toBe(false)
    expect(isProbeable('myapp://callback')).toBe(false)
    expect(isProbeable('nope')).toBe(false)
  })

  it('reads a URL list, skipping blank lines and # comments', () => {
    const text = '# development callbacks\n\nhttp://localhost:3000/cb\r\n  https://*.acmecorp.com/cb  \n   # indented\n'
    expect(parseRedirectList(text)).toEqual(['http://localhost:3000/cb', 'https://*.acmecorp.com/cb'])
  })

  it('turns a report into one test case per URL and a failure per finding', () => {
    const urls = [
      'https://a.acmecorp.com/cb',
      'http://localhost/cb?x=1',
      ...'34567'.split('').map((n) => `https://${n}.a.com`),
    ]
    const [suite] = redirectsJunit(checkRedirectUrls(urls, 'production'))
    expect(suite?.name).toContain('production')
    expect(suite?.cases.map((c) => c.name)).toEqual([...urls, 'redirect URL list'])
    expect(suite?.cases[0]?.failure).toEqual([])
    const failures = [suite?.cases[1]?.failure].flat()
    expect(failures.map((f) => f?.message.slice(0, f.message.indexOf(']') + 1))).toEqual([
      '[scheme]',
      '[localhost]',
      '[query]',
    ])
    expect(failures[0]?.detail).toMatch(/^Fix: /)
  })
})

describe('checkRedirectUrl — a missing scheme', () => {
  const fix = (url: string, kind: RedirectKind = 'development') => checkRedirectUrl(url, kind)[0]?.fix
  it('suggests http:// for loopback hosts (RFC 8252) and https:// elsewhere', () => {
    expect(fix('127.0.0.1:3000/callback')).toBe('add the scheme: http://127.0.0.1:3000/callback')
    expect(fix('localhost:3000/cb')).toBe('add the scheme: http://localhost:3000/cb')
    expect(fix('[::1]:8080/cb')).toBe('add the scheme: http://[::1]:8080/cb')
    expect(fix('app.acmecorp.com/callback')).toBe('add the scheme: https://app.acmecorp.com/callback')
  })

  it('suggests http for a loopback URL with another scheme in development, https in production', () => {
    expect(fix('ftp://localhost/cb')).toBe('use http://localhost/cb')
    expect(fix('ftp://app.acmecorp.com/cb')).toBe('use https://app.acmecorp.com/cb')
    expect(fix('http://127.0.0.1/cb', 'production')).toBe('use https://127.0.0.1/cb')
  })
})
