import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import type {ErrorJson} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'

interface Finding {
  fix: string
  message: string
  rule: string
}
interface Report {
  findings: Finding[]
  kind: 'development' | 'production'
  kindSource: string
  ok: boolean
  results: Array<{findings: Finding[]; ok: boolean; registered?: boolean; url: string}>
}

const check = (...args: string[]) => ['redirects', 'check', ...args]
const emulator = useEmulator()

describe('skctl redirects check', () => {
  it('passes clean development URLs with exit 0, saying it defaulted to development', async () => {
    const urls = ['http://localhost:3000/auth/callback', 'https://*.acmecorp.com/auth/callback']
    const text = await run(check(...urls))
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^URL\s+RESULT\s+RULE\s+FIX$/m)
    expect(text.stdout).toMatch(/^http:\/\/localhost:3000\/auth\/callback\s+ok$/m)
    expect(text.stderr).toContain('No environment configured: checking against development rules')

    const {code, json} = await runJson<Report>(check(...urls))
    expect(code).toBe(0)
    expect(json).toEqual({
      findings: [],
      kind: 'development',
      kindSource: 'default',
      ok: true,
      results: urls.map((url) => ({findings: [], ok: true, url})),
    })
  })

  it('exits 6 and names the rule and the fix of every finding', async () => {
    const text = await run(check('https://auth.*.acmecorp.com/cb', 'https://app.acmecorp.com/cb?next=1'))
    expect(text.code).toBe(6)
    expect(text.stdout).toMatch(/^https:\/\/auth\.\*\.acmecorp\.com\/cb\s+fail: .+wildcard-outermost\s+move the \*/m)
    expect(text.stdout).toMatch(/query\s+drop the query: https:\/\/app\.acmecorp\.com\/cb /)
    expect(text.stderr).toContain('2 of 2 URLs break the development rules')

    const {code, json} = await runJson<Report>(check('https://*.com/cb', 'https://app.acmecorp.com/cb#top'))
    expect(code).toBe(6)
    expect(json.ok).toBe(false)
    expect(json.results.map((r) => [r.url, r.ok, r.findings.map((f) => f.rule)])).toEqual([
      ['https://*.com/cb', false, ['wildcard-root']],
      ['https://app.acmecorp.com/cb#top', false, ['fragment']],
    ])
    for (const finding of json.results.flatMap((r) => r.findings)) {
      expect(Object.keys(finding).sort()).toEqual(['fix', 'message', 'rule'])
    }
  })

  it('--kind production flags localhost, http and wildcards', async () => {
    const {code, json} = await runJson<Report>(
      check(
        '--kind',
        'production',
        'http://localhost:3000/cb',
        'https://*.acmecorp.com/cb',
        'https://app.acmecorp.com/cb',
      ),
    )
    expect(code).toBe(6)
    expect(json.kind).toBe('production')
    expect(json.kindSource).toBe('flag')
    expect(json.results.map((r) => r.findings.map((f) => f.rule))).toEqual([
      ['scheme', 'localhost'],
      ['wildcard-production'],
      [],
    ])
  })

  it('takes the kind from the environment URL: scalekit.com is production, scalekit.dev development', async () => {
    const prod = await runJson<Report>(check('http://localhost/cb'), {
      env: cleanEnv({SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.com'}),
    })
    expect(prod).toMatchObject({code: 6, json: {kind: 'production', kindSource: 'environment'}})
    const dev = await run(check('http://localhost/cb'), {
      env: cleanEnv({SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev'}),
    })
    expect(dev.code).toBe(0)
    expect(dev.stderr).toContain('Checking against development rules (environment https://acme.scalekit.dev)')
    const forced = await runJson<Report>(check('--kind', 'development', 'http://localhost/cb'), {
      env: cleanEnv({SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.com'}),
    })
    expect(forced).toMatchObject({code: 0, json: {kind: 'development', kindSource: 'flag'}})
  })

  it('reads --file (blank lines and comments skipped) together with arguments, and flags more than 5 URLs', async () => {
    const file = join(tempDir(), 'redirects.txt')
    const lines = [1, 2, 3, 4, 5].map((n) => `https://app${n}.acmecorp.com/callback`)
    writeFileSync(file, `# production callbacks\n\n${lines.join('\n')}\n`)
    const five = await runJson<Report>(check('--kind', 'production', '--file', file))
    expect(five.code).toBe(0)
    expect(five.json.results.map((r) => r.url)).toEqual(lines)

    const six = await runJson<Report>(check('--kind', 'production', '--file', file, 'https://app6.acmecorp.com/cb'))
    expect(six.code).toBe(6)
    expect(six.json.results.every((r) => r.ok)).toBe(true)
    expect(six.json.findings.map((f) => f.rule)).toEqual(['count'])
    const text = await run(check('--kind', 'production', '--file', file, 'https://app6.acmecorp.com/cb'))
    expect(text.stdout).toMatch(/^\(all 6 URLs\)\s+fail: .+count/m)

    const stdin = await runJson<Report>(check('--file', '-'), {input: 'http://localhost/cb\n'})
    expect(stdin.json.results.map((r) => r.url)).toEqual(['http://localhost/cb'])
  })

  it('writes a JUnit report: one test case per URL, a failure per finding, escaped', async () => {
    const path = join(tempDir(), 'redirects.xml')
    const {code} = await run(
      check('--kind', 'production', '--junit', path, 'https://app.acmecorp.com/cb', 'http://localhost/cb?a=1&b=<2>'),
    )
    expect(code).toBe(6)
    const xml = readFileSync(path, 'utf8')
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites tests="2" failures="1"/)
    expect(xml).toContain(
      '<testcase name="https://app.acmecorp.com/cb" classname="redirects.production" time="0.000"/>',
    )
    expect(xml).toContain('<testcase name="http://localhost/cb?a=1&amp;b=&lt;2&gt;"')
    expect([...xml.matchAll(/<failure message="\[(\w[\w-]*)\]/g)].map((m) => m[1])).toEqual([
      'scheme',
      'localhost',
      'query',
    ])
  })
})

describe('skctl redirects check --probe', () => {
  it("asks the emulator's authorize endpoint which URLs are registered", async () => {
    const urls = ['http://127.0.0.1:4567/callback', 'https://app.acmecorp.com/cb', 'https://*.acmecorp.com/cb']
    const {code, json, stderr} = await runJson<Report>(check('--probe', ...urls), {env: emulator.env()})
    expect(stderr).toBe('')
    expect(code).toBe(6)
    // The emulator is a local environment: development rules.
    expect(json).toMatchObject({kind: 'development', kindSource: 'environment', ok: false})
    expect(json.results.map((r) => [r.url, r.registered, r.findings.map((f) => f.rule)])).toEqual([
      ['http://127.0.0.1:4567/callback', true, []],
      ['https://app.acmecorp.com/cb', false, ['not-registered']],
      // A wildcard is not a URL a browser can be sent to: it is not asked about.
      ['https://*.acmecorp.com/cb', undefined, []],
    ])
    const text = await run(check('--probe', ...urls), {env: emulator.env()})
    expect(text.stdout).toMatch(/^URL\s+REGISTERED\s+RESULT\s+RULE\s+FIX$/m)
    expect(text.stdout).toMatch(/^http:\/\/127\.0\.0\.1:4567\/callback\s+yes\s+ok$/m)
    expect(text.stdout).toMatch(/^https:\/\/app\.acmecorp\.com\/cb\s+no\s+fail: .+not-registered/m)
    // The emulator is not configured in a dashboard: the fix is its own command.
    expect(json.results[1]?.findings[0]?.fix).toBe(
      'register it with the emulator: skctl emulator redirects add https://app.acmecorp.com/cb',
    )
  })

  it('passes when every probed URL is registered', async () => {
    const {code, json} = await runJson<Report>(check('--probe', 'http://127.0.0.1/callback'), {env: emulator.env()})
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({findings: [], ok: true, registered: true})
  })

  it('needs credentials (exit 3)', async () => {
    const {code, json} = await runJson<ErrorJson>(check('--probe', 'http://127.0.0.1/callback'))
    expect(code).toBe(3)
    expect(json.error.code).toBe('auth_failed')
  })
})

describe('skctl redirects check — errors', () => {
  it('no URLs is a usage error (exit 2)', async () => {
    const text = await run(check())
    expect(text.code).toBe(2)
    expect(text.stderr).toContain('no redirect URLs to check')
    const empty = join(tempDir(), 'empty.txt')
    writeFileSync(empty, '# nothing yet\n\n')
    const {code, json} = await runJson<ErrorJson>(check('--file', empty))
    expect(code).toBe(2)
    expect(json.error).toMatchObject({code: 'usage', message: 'no redirect URLs to check'})
  })

  it('an unreadable --file exits 2 and names it', async () => {
    const missing = join(tempDir(), 'missing.txt')
    const {code, json} = await runJson<ErrorJson>(check('--file', missing))
    expect(code).toBe(2)
    expect(json.error.message).toContain(missing)
    expect(json.error.message).toContain('ENOENT')
  })

  it('an unknown --kind and an unwritable --junit path exit 2', async () => {
    expect((await run(check('--kind', 'staging', 'https://a.acmecorp.com/cb'))).code).toBe(2)
    const path = join(tempDir(), 'no-such-dir', 'report.xml')
    const {code, json} = await runJson<ErrorJson>(check('--junit', path, 'https://a.acmecorp.com/cb'))
    expect(code).toBe(2)
    expect(json.error.message).toContain(path)
  })
})
