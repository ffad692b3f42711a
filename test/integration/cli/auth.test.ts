import {readFileSync, statSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

/** A fresh config directory and the login arguments for the emulator. */
function fresh() {
  const env = cleanEnv()
  const login = (secret = DEFAULT_CLIENT_SECRET, ...extra: string[]) =>
    runJson(
      [
        'login',
        '--environment-url',
        `${emulator.url}/`,
        '--client-id',
        DEFAULT_CLIENT_ID,
        '--client-secret-stdin',
        ...extra,
      ],
      {
        env,
        input: `${secret}\n`,
      },
    )
  return {env, login}
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('skctl login', () => {
  it('verifies, saves a 0600 profile in a 0700 directory, and makes it active', async () => {
    const {env, login} = fresh()
    const {code, json} = await login()
    expect(code).toBe(0)
    expect(json).toEqual({
      clientId: DEFAULT_CLIENT_ID,
      environment: 'local',
      environmentUrl: emulator.url,
      profile: 'default',
      secretStorage: 'file',
    })
    const dir = env.SKCTL_CONFIG_DIR as string
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).activeProfile).toBe('default')
    const list = await run(['orgs', 'list'], {env})
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('Test Organization')
  })

  it('warns once, on stderr, that the secret went to the file', async () => {
    const {env} = fresh()
    const result = await run(
      ['login', '--environment-url', emulator.url, '--client-id', DEFAULT_CLIENT_ID, '--client-secret-stdin'],
      {env, input: DEFAULT_CLIENT_SECRET},
    )
    expect(result.code).toBe(0)
    expect(result.stderr.match(/no usable OS keychain/g)).toHaveLength(1)
    expect(result.stdout).toMatch(/Logged in to http:\/\/127\.0\.0\.1:\d+ \(local\)/)
  })

  it('takes the secret from SCALEKIT_CLIENT_SECRET too', async () => {
    const env = cleanEnv({SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET})
    const {code} = await runJson(
      ['login', '--environment-url', emulator.url, '--client-id', DEFAULT_CLIENT_ID, '--profile', 'ci'],
      {env},
    )
    expect(code).toBe(0)
    const profiles = await runJson<{profiles: Array<{active: boolean; name: string}>}>(['profiles', 'list'], {env})
    expect(profiles.json.profiles).toEqual([expect.objectContaining({active: true, name: 'ci'})])
  })

  it('a wrong secret exits 3 and saves nothing', async () => {
    const {env, login} = fresh()
    const {code, json} = await login('not_the_secret_0000')
    expect(code).toBe(3)
    expect(json).toMatchObject({
      error: {code: 'auth_failed', message: expect.stringMatching(/client id or client secret was rejected/)},
    })
    expect((await runJson<{profiles: unknown[]}>(['profiles', 'list'], {env})).json.profiles).toEqual([])
  })

  it('a malformed URL exits 2 with the fix', async () => {
    const {env} = fresh()
    const {code, json} = await runJson(
      ['login', '--environment-url', 'acme.scalekit.dev', '--client-id', 'skc_1', '--client-secret-stdin'],
      {
        env,
        input: 'x',
      },
    )
    expect(code).toBe(2)
    expect(json).toMatchObject({error: {hint: 'write it with https://, e.g. https://acme.scalekit.dev'}})
  })

  it('an unreachable host fails fast with exit 1 and a hint', async () => {
    const {env} = fresh()
    const port = await closedPort()
    const started = Date.now()
    const {code, json} = await runJson<{error: {code: string; hint: string; message: string}}>(
      ['login', '--environment-url', `http://127.0.0.1:${port}`, '--client-id', 'skc_1', '--client-secret-stdin'],
      {env, input: 'some_secret_value'},
    )
    expect(code).toBe(1)
    expect(json.error.code).toBe('unreachable')
    expect(json.error.message).toBe(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('without a terminal, a missing value is a usage error naming the flag', async () => {
    const {env} = fresh()
    const noSecret = await runJson(['login', '--environment-url', emulator.url, '--client-id', DEFAULT_CLIENT_ID], {
      env,
    })
    expect(noSecret).toMatchObject({code: 2, json: {error: {hint: 'pass --client-secret-stdin'}}})
    const noId = await runJson(['login', '--environment-url', emulator.url], {env})
    expect(noId).toMatchObject({code: 2, json: {error: {hint: 'pass --client-id'}}})
  })
})

describe('skctl status', () => {
  it('reports each value with its source, the secret masked, and a minted token', async () => {
    const {env, login} = fresh()
    await login()
    const {code, json} = await runJson(['status'], {env})
    expect(code).toBe(0)
    expect(json).toEqual({
      clientId: {from: 'default', source: 'profile', value: DEFAULT_CLIENT_ID},
      clientSecret: {from: 'default', source: 'profile', value: `…${DEFAULT_CLIENT_SECRET.slice(-4)}`},
      environment: 'local',
      environmentUrl: {from: 'default', source: 'profile', value: emulator.url},
      profile: {name: 'default', source: 'active'},
      token: {ok: true},
    })
  })

  it('shows flags and environment variables winning over the profile', async () => {
    const {env, login} = fresh()
    await login()
    const {json} = await runJson<Record<string, {source: string; from: string}>>(
      ['status', '--environment-url', emulator.url],
      {env: {...env, SCALEKIT_CLIENT_ID: DEFAULT_CLIENT_ID}},
    )
    expect(json.environmentUrl).toMatchObject({from: '--environment-url', source: 'flag'})
    expect(json.clientId).toMatchObject({from: 'SCALEKIT_CLIENT_ID', source: 'env'})
    expect(json.clientSecret).toMatchObject({source: 'profile'})
  })

  it('exits 3 with nothing configured, and 3 when the secret is rejected', async () => {
    const none = await runJson<{token: {ok: boolean}}>(['status'], {env: cleanEnv()})
    expect(none.code).toBe(3)
    expect(none.json.token.ok).toBe(false)
    const rejected = await runJson<{token: {error: {code: string}}}>(['status'], {
      env: emulator.env({SCALEKIT_CLIENT_SECRET: 'wrong_secret_value_1234'}),
    })
    expect(rejected.code).toBe(3)
    expect(rejected.json.token.error.code).toBe('auth_failed')
  })

  it('prints a readable report', async () => {
    const {stdout} = await run(['status'], {env: emulator.env()})
    expect(stdout).toMatch(/^environment URL\s+http:\/\/127\.0\.0\.1:\d+ \(env: SCALEKIT_ENVIRONMENT_URL\)$/m)
    expect(stdout).toMatch(/^token\s+ok/m)
  })
})

describe('skctl profiles and logout', () => {
  it('lists, switches, removes and logs out', async () => {
    const {env, login} = fresh()
    await login(DEFAULT_CLIENT_SECRET, '--profile', 'one')
    await login(DEFAULT_CLIENT_SECRET, '--profile', 'two')
    let list = await runJson<{profiles: Array<{active: boolean; name: string}>}>(['profiles', 'list'], {env})
    expect(list.json.profiles.map((p) => [p.name, p.active])).toEqual([
      ['one', false],
      ['two', true],
    ])
    expect((await runJson(['profiles', 'use', 'one'], {env})).json).toEqual({active: 'one'})
    expect((await runJson(['profiles', 'use', 'nope'], {env})).code).toBe(4)
    expect((await runJson(['profiles', 'remove', 'two'], {env})).code).toBe(2)
    expect((await runJson(['profiles', 'remove', 'two', '--yes'], {env})).json).toEqual({profile: 'two', removed: true})
    expect((await runJson(['logout'], {env})).json).toEqual({profile: 'one', removed: true})
    list = await runJson(['profiles', 'list'], {env})
    expect(list.json.profiles).toEqual([])
    expect((await runJson(['logout'], {env})).code).toBe(4)
  })
})
