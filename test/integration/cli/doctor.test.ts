import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
const env = (extra: NodeJS.ProcessEnv = {}) => emulator.env(extra)

interface Row {
  check: string
  detail: string
  fix?: string
  status: 'fail' | 'ok' | 'skip' | 'warn'
}
interface Report {
  failures: number
  ok: boolean
  rows: Row[]
  warnings: number
}

const rowOf = (report: Report, check: string) => report.rows.find((r) => r.check === check)

describe('skctl doctor', () => {
  it('all good against the emulator: exit 0, every row ✓ or a warning/skip that says why', async () => {
    const {code, json, stderr} = await runJson<Report>(['doctor'], {env: env()})
    expect(code, stderr).toBe(0)
    expect(json.rows.map((r) => r.check)).toEqual([
      'node',
      'config-modes',
      'environment-url',
      'client-id',
      'client-secret',
      'token',
      'clock',
      'keychain',
      'emulator',
      'redirects',
      'connections',
    ])
    expect(json).toMatchObject({failures: 0, ok: true})
    expect(rowOf(json, 'node')).toMatchObject({status: 'ok', detail: expect.stringContaining(process.versions.node)})
    expect(rowOf(json, 'environment-url')).toEqual({
      check: 'environment-url',
      detail: `${emulator.url} (env: SCALEKIT_ENVIRONMENT_URL)`,
      status: 'ok',
    })
    // The secret is shown masked, never whole.
    expect(rowOf(json, 'client-secret')?.detail).toMatch(/^(…\w{4}|\*+) \(env: SCALEKIT_CLIENT_SECRET\)$/)
    expect(JSON.stringify(json)).not.toContain(DEFAULT_CLIENT_SECRET)
    expect(rowOf(json, 'token')).toMatchObject({status: 'ok'})
    expect(rowOf(json, 'clock')).toMatchObject({status: 'ok', detail: expect.stringContaining('in step')})
    // The test environment turns the keychain off: a warning with its fix, not a failure.
    expect(rowOf(json, 'keychain')).toMatchObject({status: 'warn', fix: expect.stringContaining('SKCTL_NO_KEYCHAIN')})
    expect(rowOf(json, 'emulator')).toMatchObject({status: 'ok', detail: expect.stringContaining(emulator.url)})
    expect(rowOf(json, 'redirects')?.status).toBe('skip')
    expect(rowOf(json, 'connections')).toMatchObject({status: 'ok', detail: expect.stringMatching(/pass/)})

    const text = await run(['doctor'], {env: env()})
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^✓ token\s+an access token was minted$/m)
    expect(text.stdout).toMatch(/^! keychain\s+turned off by SKCTL_NO_KEYCHAIN/m)
    expect(text.stdout).toMatch(/^\s+Fix: unset SKCTL_NO_KEYCHAIN/m)
    expect(text.stdout).toMatch(/^– redirects\s+skipped/m)
    expect(text.stderr).toMatch(/^Ready \(1 warning\)\.$/m)
  })

  it('a bad secret: the token row fails with a fix, exit 6, and the secret is not printed', async () => {
    const bad = 'wrong-secret-0123456789'
    const {code, json} = await runJson<Report>(['doctor'], {env: env({SCALEKIT_CLIENT_SECRET: bad})})
    expect(code).toBe(6)
    expect(json.ok).toBe(false)
    expect(rowOf(json, 'token')).toMatchObject({status: 'fail', fix: expect.stringContaining('skctl login')})
    expect(rowOf(json, 'connections')).toMatchObject({status: 'skip', detail: 'skipped: needs a token'})
    expect(JSON.stringify(json)).not.toContain(bad)

    const text = await run(['doctor'], {env: env({SCALEKIT_CLIENT_SECRET: bad})})
    expect(text.code).toBe(6)
    expect(text.stdout).toMatch(/^✗ token\s+.+\n\s+Fix: copy the client id and secret again/m)
    expect(text.stderr).toMatch(/^1 check failed \(1 warning\)\.$/m)
    expect(text.stdout + text.stderr).not.toContain(bad)
  })

  it('a loosened config directory (0755) fails its row with the chmod that fixes it', async () => {
    const dir = tempDir('skctl-doctor-')
    writeFileSync(join(dir, 'config.json'), '{"profiles":{}}', {mode: 0o644})
    chmodSync(dir, 0o755)
    chmodSync(join(dir, 'config.json'), 0o644)
    const {code, json} = await runJson<Report>(['doctor'], {env: env({SKCTL_CONFIG_DIR: dir})})
    expect(code).toBe(6)
    expect(json.failures).toBe(1)
    expect(rowOf(json, 'config-modes')).toEqual({
      check: 'config-modes',
      detail: `others can reach the config: ${dir} is 0755, ${join(dir, 'config.json')} is 0644`,
      fix: `chmod 700 ${dir} && chmod 600 ${join(dir, 'config.json')}`,
      status: 'fail',
    })
  })

  it('says where a profile secret lives, and lints redirect URIs from flags and a file', async () => {
    const profileEnv = cleanEnv()
    const login = await run(
      ['login', '--environment-url', emulator.url, '--client-id', DEFAULT_CLIENT_ID, '--client-secret-stdin'],
      {env: profileEnv, input: DEFAULT_CLIENT_SECRET},
    )
    expect(login.code).toBe(0)
    const file = join(tempDir(), 'redirects.txt')
    writeFileSync(file, '# callbacks\nhttps://app.example.com/callback?x=1\n')
    const {code, json} = await runJson<Report>(
      ['doctor', '--redirect-uri', 'http://localhost:3000/callback', '--redirects-file', file],
      {env: profileEnv},
    )
    expect(code).toBe(6)
    expect(rowOf(json, 'client-secret')?.detail).toMatch(/\(profile: \w+\), in the 0600 config file$/)
    expect(rowOf(json, 'environment-url')?.detail).toMatch(/\(profile: \w+\)$/)
    expect(rowOf(json, 'redirects')).toMatchObject({
      detail: expect.stringContaining('https://app.example.com/callback?x=1 [query]'),
      fix: expect.stringContaining('https://app.example.com/callback?x=1: '),
      status: 'fail',
    })
    const good = await runJson<Report>(['doctor', '--redirect-uri', 'http://localhost:3000/callback'], {
      env: profileEnv,
    })
    expect(good.code).toBe(0)
    expect(rowOf(good.json, 'redirects')).toMatchObject({
      status: 'ok',
      detail: '1 redirect URI passes the development rules',
    })
  })

  it('--junit writes one test case per check, a failure with its fix for each ✗', async () => {
    const path = join(tempDir(), 'doctor.xml')
    const {code} = await run(['doctor', '--junit', path], {env: env({SCALEKIT_CLIENT_SECRET: 'not-the-secret-at-all'})})
    expect(code).toBe(6)
    const xml = readFileSync(path, 'utf8')
    expect(xml).toMatch(/<testsuite name="skctl doctor" tests="11" failures="1"/)
    expect(xml).toMatch(
      /<testcase name="token: [^"]+" classname="doctor"[^>]*>\s*<failure message="[^"]+">Fix: copy the client id/,
    )
    expect(xml).not.toContain('not-the-secret-at-all')
  })

  it('an unreadable --redirects-file is exit 2 before any check', async () => {
    const {code, json} = await runJson<{error: {code: string; message: string}}>(
      ['doctor', '--redirects-file', join(tempDir(), 'missing.txt')],
      {env: env()},
    )
    expect(code).toBe(2)
    expect(json.error.message).toMatch(/^cannot read --redirects-file .+: ENOENT$/)
  })
})
