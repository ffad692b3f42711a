import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {runScenario, type Scenario} from '../../../src/sso/flow.js'
import {driveSimulator, parseSimulate} from '../../../src/sso/simulate.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {cliApi, createOrganization} from '../../helpers/resources.js'
import {callbackFromSimulator, type SsoReport, startSsoTest} from '../../helpers/sso.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
const strictEmulator = useEmulator({strictRedirects: true})
const TEST_ORG = 'org_10000000000000001'
const USER = 'email=jane@example.com,first_name=Jane,last_name=Doe,employee_number=42'

type Report = SsoReport

const fault = (body: Record<string, unknown>) => admin('faults', body)

async function admin(endpoint: string, body: Record<string, unknown>) {
  const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')
  const res = await fetch(`${emulator.url}/_emulator/${endpoint}`, {
    body: JSON.stringify(body),
    headers: {authorization: `Basic ${basic}`, 'content-type': 'application/json'},
    method: 'POST',
  })
  expect(res.ok).toBe(true)
}

const ssoTest = (...args: string[]) =>
  runJson<Report>(['sso', 'test', '--port', '0', '--simulate', USER, ...args], {env: emulator.env()})

/**
 * The flow `sso test --org TEST_ORG --simulate USER --port 0` runs, in-process: for the many ID-token faults, where
 * what is checked is the stage and rule the flow reports, not how the CLI prints them (the tests above do that).
 */
async function flowInProcess(scenario: Scenario = 'sp') {
  const user = parseSimulate(USER)
  return runScenario(scenario, {
    api: cliApi(emulator),
    browse: (url, s, callbackUrl) => driveSimulator(url, s, user, callbackUrl),
    clientId: DEFAULT_CLIENT_ID,
    environmentUrl: emulator.url,
    expect: {claims: {}},
    leewaySeconds: 60,
    loopback: {host: '127.0.0.1', path: '/callback', port: 0},
    selectors: {organizationId: TEST_ORG},
    timeoutMs: 30_000,
  })
}

describe('skctl sso test (headless, against the emulator)', () => {
  it('passes every stage of the SP-initiated flow and reports the profile, without tokens', async () => {
    const {code, json} = await ssoTest(
      '--org',
      TEST_ORG,
      '--expect-email',
      'jane@example.com',
      '--expect-claim',
      'employee_number=42',
    )
    expect(code).toBe(0)
    const [sp] = json.scenarios
    expect(sp?.stages.map((s) => [s.name, s.ok])).toEqual([
      ['discovery', true],
      ['authorization request', true],
      ['IdP', true],
      ['callback/state', true],
      ['code exchange', true],
      ['ID token', true],
      ['access token', true],
      ['assertions', true],
    ])
    expect(sp?.claims).toMatchObject({email: 'jane@example.com', given_name: 'Jane', oid: TEST_ORG})
    expect(sp?.tokens).toBeUndefined()
  })

  it('runs all three scenarios, writes JUnit, and shows tokens only when asked', async () => {
    const junit = `${tempDir()}/sso.xml`
    const {code, json} = await ssoTest(
      '--login-hint',
      'it@example.com',
      '--scenario',
      'all',
      '--junit',
      junit,
      '--show-tokens',
    )
    expect(code).toBe(0)
    expect(json.scenarios.map((s) => [s.scenario, s.ok])).toEqual([
      ['sp', true],
      ['idp', true],
      ['error', true],
    ])
    expect(json.scenarios[0]?.tokens).toMatchObject({accessToken: expect.any(String), idToken: expect.any(String)})
    const xml = readFileSync(junit, 'utf8')
    expect(xml).toMatch(/<testsuite name="skctl sso test \(sp\)" tests="8" failures="0"/)
    expect(xml).toMatch(/<testsuite name="skctl sso test \(error\)"/)
  })

  it('a failed assertion exits 6 and names it', async () => {
    const {code, json} = await ssoTest('--domain', 'example.com', '--expect-email', 'someone@else.com')
    expect(code).toBe(6)
    const failed = json.scenarios[0]?.stages.find((s) => !s.ok)
    expect(failed).toMatchObject({name: 'assertions', reason: 'assertion'})
  })

  it.each([
    ['unknown_key', 'signature'],
    ['bad_signature', 'signature'],
    ['alg_none', 'alg'],
    ['hs256', 'alg'],
    ['wrong_issuer', 'iss'],
    ['wrong_audience', 'aud'],
    ['extra_audience', 'aud'],
    ['azp_mismatch', 'azp'],
    ['expired', 'exp'],
    ['iat_future', 'iat'],
    ['missing_nonce', 'nonce'],
    ['wrong_nonce', 'nonce'],
    ['bad_at_hash', 'at_hash'],
    ['bad_c_hash', 'c_hash'],
  ])('an ID token with %s fails the ID-token stage with rule %s', async (name, rule) => {
    await fault({count: 1, idToken: name})
    const report = await flowInProcess()
    expect(report.ok).toBe(false)
    const failed = report.stages.find((s) => !s.ok)
    expect(failed).toMatchObject({name: 'ID token', reason: rule})
  })

  it.each([
    ['missing_iat', 'iat'],
    ['missing_sub', 'sub'],
    ['empty_sub', 'sub'],
    ['kid_absent_multiple_keys', 'kid'],
    ['hs256_client_secret', 'alg'],
  ])('OpenID conformance: an ID token with %s is rejected with rule %s', async (name, rule) => {
    await fault({count: 1, idToken: name})
    const report = await flowInProcess()
    expect(report.ok).toBe(false)
    const failed = report.stages.filter((s) => !s.ok)
    expect(failed).toEqual([expect.objectContaining({name: 'ID token', reason: rule})])
  })

  it.each([
    ['kid_absent_single_key', 'sp'],
    ['key_rotation', 'sp'],
    // The idp_initiated_login token is verified with the old key first; the grant's tokens use the new one.
    ['key_rotation', 'idp'],
  ] as const)('OpenID conformance: an ID token with %s passes (scenario %s)', async (name, scenario) => {
    await fault({count: 1, idToken: name})
    const report = await flowInProcess(scenario)
    expect(report.stages.filter((s) => !s.ok)).toEqual([])
    expect(report.ok).toBe(true)
  })

  it('an expired access token fails the access-token stage', async () => {
    await fault({accessToken: 'expired', count: 1})
    const {code, json} = await ssoTest('--org', TEST_ORG)
    expect(code).toBe(6)
    expect(json.scenarios[0]?.stages.find((s) => !s.ok)).toMatchObject({name: 'access token', reason: 'exp'})
  })

  it('bad usage exits 2: no selector, a malformed --simulate, headless against a real environment', async () => {
    expect((await run(['sso', 'test', '--simulate', USER], {env: emulator.env()})).code).toBe(2)
    expect((await run(['sso', 'test', '--org', TEST_ORG, '--simulate', 'nope'], {env: emulator.env()})).code).toBe(2)
    const real = await runJson<{error: {message: string}}>(['sso', 'test', '--org', TEST_ORG, '--simulate', USER], {
      env: emulator.env({SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev'}),
    })
    expect(real.code).toBe(2)
    expect(real.json.error.message).toBe('--simulate works only against the local emulator')
  })

  it('times out when no callback arrives, freeing the port', async () => {
    const {code, json, stderr} = await runJson<Report>(
      ['sso', 'test', '--org', TEST_ORG, '--port', '0', '--no-browser', '--timeout', '1'],
      {
        env: emulator.env(),
      },
    )
    expect(code).toBe(6)
    expect(json.scenarios[0]?.stages.find((s) => !s.ok)).toMatchObject({name: 'IdP', reason: 'timeout'})
    expect(stderr).toMatch(
      /^waiting for the callback on http:\/\/127\.0\.0\.1:\d+\/callback \(timeout 1 s, Ctrl-C to stop\)$/m,
    )
  })

  it('--scenario all ends with one overall line', async () => {
    const {code, stdout} = await run(
      ['sso', 'test', '--login-hint', 'it@example.com', '--port', '0', '--simulate', USER, '--scenario', 'all'],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('All 3 scenarios passed')
  })

  it('an organization with no usable connection fails the IdP stage with the reason, in every scenario', async () => {
    const org = await createOrganization(emulator, 'No SSO Yet')
    const args = ['sso', 'test', '--org', org, '--port', '0', '--simulate', USER, '--scenario', 'all']
    const {code, json} = await runJson<Report>(args, {env: emulator.env()})
    expect(code).toBe(6)
    for (const scenario of json.scenarios) {
      expect(scenario.ok).toBe(false)
      expect(scenario.stages.find((s) => s.name === 'IdP')).toMatchObject({ok: false, reason: 'no_active_connections'})
      expect(scenario.stages.filter((s) => s.ok).map((s) => s.name)).toEqual(['discovery', 'authorization request'])
    }
    const human = await run(args, {env: emulator.env()})
    expect(human.code).toBe(6)
    expect(human.stdout).toMatch(/^IdP +FAIL .*\[no_active_connections\] no IdP was reached/m)
    expect(human.stdout.trimEnd().split('\n').at(-1)).toBe('3 of 3 scenarios failed')
  })
})

describe('skctl sso authorize-url', () => {
  it('prints the URL with PKCE S256, state, nonce and the selectors', async () => {
    const {code, json} = await runJson<{codeVerifier: string; nonce: string; state: string; url: string}>(
      ['sso', 'authorize-url', '--org', TEST_ORG],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    const url = new URL(json.url)
    expect(url.pathname).toBe('/oauth/authorize')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('organization_id')).toBe(TEST_ORG)
    expect(url.searchParams.get('state')).toBe(json.state)
    expect(url.searchParams.get('nonce')).toBe(json.nonce)
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:8976/callback')
    expect(json.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('skctl sso test — the loopback address and Ctrl-C', () => {
  it('--redirect-uri listens on another registered loopback URL', async () => {
    const {createServer} = await import('node:net')
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const {port} = probe.address() as {port: number}
    await new Promise((resolve) => probe.close(resolve))
    const args = ['sso', 'test', '--org', TEST_ORG, '--redirect-uri', `http://localhost:${port}/auth/callback`]
    // Not registered on a strict environment: it shows invalid_redirect_uri and the test fails at once at the IdP
    // stage. (A development emulator accepts any loopback callback without registration.)
    const unregistered = await runJson<Report>([...args, '--simulate', USER], {env: strictEmulator.env()})
    expect(unregistered.code).toBe(6)
    expect(unregistered.json.scenarios[0]?.stages.find((s) => !s.ok)).toMatchObject({
      name: 'IdP',
      reason: 'invalid_redirect_uri',
    })
    const {code, json} = await runJson<Report>([...args, '--simulate', USER], {env: emulator.env()})
    expect(code).toBe(0)
    expect(json.ok).toBe(true)
    const bad = await run(['sso', 'test', '--org', TEST_ORG, '--redirect-uri', 'https://app.example.com/cb'], {
      env: emulator.env(),
    })
    expect(bad.code).toBe(2)
  })

  it('Ctrl-C while waiting for the callback exits 130 and frees the port', async () => {
    const {spawn} = await import('node:child_process')
    const {BIN} = await import('../../helpers/cli.js')
    const child = spawn(process.execPath, [BIN, 'sso', 'test', '--org', TEST_ORG, '--port', '0', '--no-browser'], {
      env: emulator.env(),
      stdio: 'pipe',
    })
    const callback = await new Promise<string>((resolve) => {
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d
        const url = /redirect_uri=([^&\s]+)/.exec(stderr)?.[1]
        if (url) resolve(decodeURIComponent(url))
      })
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    await expect(fetch(callback)).rejects.toThrow()
  })
})

describe('skctl sso test — the callback', () => {
  it('three concurrent copies of the callback: the first wins, the others get 409 and are not reported', async () => {
    const {done, url} = startSsoTest(['--org', TEST_ORG], emulator.env())
    const callback = await callbackFromSimulator(await url, {email: 'copies@example.com', scenario: 'sp'})
    const statuses = await Promise.all([1, 2, 3].map(async () => (await fetch(callback)).status))
    expect(statuses.toSorted()).toEqual([200, 409, 409])
    const {code, report} = await done
    expect(code).toBe(0)
    expect(report.ok).toBe(true)
    const names = report.scenarios[0]?.stages.map((s) => s.name)
    expect(names?.filter((n) => n === 'callback/state')).toHaveLength(1)
    expect(names?.filter((n) => n === 'code exchange')).toHaveLength(1)
  })
})

describe('skctl sso test — errors that are not check results', () => {
  it('a rejected client secret exits 3 (not 6) with the emulator hint', async () => {
    const env = emulator.env({SCALEKIT_CLIENT_SECRET: 'not_the_emulator_secret_0000'})
    const {code, json} = await runJson<{error: {code: string; hint: string; message: string}}>(
      ['sso', 'test', '--org', TEST_ORG, '--port', '0', '--simulate', USER],
      {env},
    )
    expect(code).toBe(3)
    expect(json.error).toMatchObject({code: 'auth_failed', message: expect.stringMatching(/secret was rejected/)})
    expect(json.error.hint).toMatch(/skctl emulator status/)
    const human = await run(['sso', 'test', '--org', TEST_ORG, '--port', '0', '--simulate', USER], {env})
    expect(human.code).toBe(3)
    expect(human.stdout).not.toMatch(/Scenario sp/)
    expect(human.stderr).toMatch(/Hint: use the emulator client id and secret shown by skctl emulator status/)
  })

  it('a busy loopback port exits 2 with the port-in-use message and its hint', async () => {
    const {createServer} = await import('node:net')
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const {port} = blocker.address() as {port: number}
    try {
      const {code, json} = await runJson<{error: {hint: string; message: string}}>(
        ['sso', 'test', '--org', TEST_ORG, '--port', String(port), '--simulate', USER],
        {env: emulator.env()},
      )
      expect(code).toBe(2)
      expect(json.error.message).toBe(`port ${port} on 127.0.0.1 is already in use`)
      expect(json.error.hint).toMatch(/--port 0/)
      const human = await run(['sso', 'test', '--org', TEST_ORG, '--port', String(port), '--simulate', USER], {
        env: emulator.env(),
      })
      expect(human.code).toBe(2)
      expect(human.stdout).toBe('')
      expect(human.stderr).toMatch(new RegExp(`Error: port ${port} on 127\\.0\\.0\\.1 is already in use`))
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
