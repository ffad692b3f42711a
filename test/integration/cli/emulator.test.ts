import {spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {stopEmulator} from '../../../src/emulator-control/stop.js'
import {BIN, cleanEnv, run, runJson} from '../../helpers/cli.js'
import {configDirOf, useEmulatorSandboxes} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'
import {openSimulator} from '../emulator/sso-support.js'
import {sdk} from '../emulator/support.js'

interface Started {
  clientId: string
  clientSecret: string
  dataDir: string | null
  pid: number
  profile: string
  url: string
}

const sandbox = useEmulatorSandboxes()

/** Whether the runtime record (what status, stop and reset read) is in the environment's config directory. */
const hasRuntimeRecord = (env: NodeJS.ProcessEnv) => existsSync(join(configDirOf(env), 'emulator.json'))

// Each detached emulator costs two processes (the command and the emulator itself): the tests below share them
// where one emulator can show several behaviours, and check emulator state in-process through the SDK.
describe('skctl emulator (detached)', () => {
  it('starts on a fresh machine, reports its credentials, serves the CLI through the "emulator" profile, resets and stops', async () => {
    const env = sandbox()
    // A fresh machine: the config directory does not exist yet. It is created (0700) before the emulator's log.
    const home = tempDir('skctl-home-')
    delete env.SKCTL_CONFIG_DIR
    delete env.XDG_CONFIG_HOME
    env.HOME = home
    const started = await runJson<Started>(['emulator', 'start', '--port', '0', '--detach'], {env})
    expect(started.code, started.stderr).toBe(0)
    expect(started.json).toMatchObject({
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      dataDir: null,
      profile: 'emulator',
    })
    expect(started.json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const configDir = join(home, '.config', 'skctl')
    expect(mode(configDir)).toBe(0o700)
    expect(mode(join(configDir, 'emulator.log'))).toBe(0o600)
    expect(mode(join(configDir, 'emulator.json'))).toBe(0o600)

    const status = await runJson<Started & {running: boolean}>(['emulator', 'status'], {env})
    expect(status.json).toMatchObject({
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      pid: started.json.pid,
      running: true,
      url: started.json.url,
    })

    // No credentials were configured: the emulator profile became the active one.
    const orgs = await runJson<{organizations: Array<{displayName: string}>}>(['orgs', 'list'], {env})
    expect(orgs.json.organizations.map((o) => o.displayName)).toEqual(['Test Organization'])

    const again = await run(['emulator', 'start', '--port', '0', '--detach'], {env})
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already running/)

    // A busy port is a clear error (another config directory, so not "already running").
    const port = new URL(started.json.url).port
    const busy = await runJson<{error: {hint: string; message: string}}>(
      ['emulator', 'start', '--port', port, '--detach'],
      {env: cleanEnv()},
    )
    expect(busy.code).toBe(1)
    expect(busy.json.error.message).toBe(`port ${port} is already in use`)

    // Reset wipes data back to the seed, with the seeded ids unchanged (read with a new client each time, whatever reset does to issued tokens).
    const seeded = async () => {
      const client = sdk(started.json.url)
      const {organizations} = await client.organization.listOrganization({pageSize: 100})
      const {connections} = await client.connection.listConnections('org_10000000000000001')
      return {
        orgs: organizations.map(({displayName, id}) => ({displayName, id})),
        connections: connections.map((c) => c.id),
      }
    }
    const before = await seeded()
    expect(before).toEqual({
      orgs: [{displayName: 'Test Organization', id: 'org_10000000000000001'}],
      connections: ['conn_10000000000000004'],
    })
    await sdk(started.json.url).organization.createOrganization('Temporary')
    expect((await seeded()).orgs).toHaveLength(2)
    expect((await runJson(['emulator', 'reset'], {env})).code).toBe(2)
    expect((await runJson(['emulator', 'reset', '--yes'], {env})).code).toBe(0)
    expect(await seeded()).toEqual(before)

    expect((await runJson(['emulator', 'stop'], {env})).json).toEqual({pid: started.json.pid, stopped: true})
    expect((await runJson(['emulator', 'status'], {env})).code).toBe(4)
    expect((await runJson(['emulator', 'stop'], {env})).json).toEqual({pid: null, stopped: false})
  })

  it('accepts other credentials, masking a secret that is not the published test one', async () => {
    const env = sandbox()
    const secret = 'my_own_emulator_secret_4321'
    const started = await runJson<Started>(
      [
        'emulator',
        'start',
        '--port',
        '0',
        '--detach',
        '--client-id',
        'skc_42',
        '--client-secret-stdin',
        // Without --strict-redirects too, extra callback URLs are registered (the strict case is tested below).
        '--redirect-uri',
        'https://app.example.com/callback',
      ],
      {env, input: secret},
    )
    expect(started.json).toMatchObject({clientId: 'skc_42', clientSecret: '…4321'})
    expect(started.stdout).not.toContain(secret)
    expect((await runJson(['orgs', 'list'], {env})).code).toBe(0)
    const wrong = await runJson(['orgs', 'list'], {env: {...env, SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET}})
    expect(wrong.code).toBe(3)
    const probe = await runJson<{results: Array<{registered?: boolean; url: string}>}>(
      ['redirects', 'check', '--probe', 'https://app.example.com/callback', 'https://other.example.com/callback'],
      {env},
    )
    expect(probe.json.results.map((r) => [r.url, r.registered])).toEqual([
      ['https://app.example.com/callback', true],
      ['https://other.example.com/callback', false],
    ])
  })

  it('warns when asked to bind beyond loopback', async () => {
    const env = sandbox()
    const {code, stderr} = await run(['emulator', 'start', '--port', '0', '--detach', '--host', '0.0.0.0'], {env})
    expect(code).toBe(0)
    expect(stderr).toMatch(/Warning: binding 0\.0\.0\.0/)
  })
})

/** Starts `skctl emulator start --json` in the foreground and waits for its ready document. */
/** `--json` prints the start result on stdout; without it, the human output (and the request log) goes to stderr. */
async function startForeground(env: NodeJS.ProcessEnv, {json = true} = {}) {
  const args = [BIN, 'emulator', 'start', '--port', '0', ...(json ? ['--json'] : [])]
  const child = spawn(process.execPath, args, {env, stdio: 'pipe'})
  let stderr = ''
  let stdout = ''
  const ready = await new Promise<Pick<Started, 'pid' | 'url'>>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      const url = /running at (http:\/\/\S+)/.exec(stderr)?.[1]
      if (!json && url) resolve({pid: child.pid!, url})
    })
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      try {
        if (json) resolve(JSON.parse(stdout) as Started)
      } catch {
        // Not the whole document yet.
      }
    })
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {child, exited, ready, stderr: () => stderr}
}

const CANARY_SECRET = 'canary-client-secret-7f3a9c'
const OVERSIZED = 'x'.repeat(2 * 1024 * 1024)

/**
 * Requests that end on the emulator's error line (their bodies are over its 1 MB limit) with credentials in the
 * target: a client secret in a query string, a login request id in an IdP-simulator path. Returns that id.
 */
async function provokeErrorLines(url: string): Promise<string> {
  const {organizations} = await sdk(url).organization.listOrganization()
  // The seeded organization has the enabled SSO connection the IdP simulator needs.
  const seeded = organizations.find((o) => o.displayName === 'Test Organization')
  const simulator = await openSimulator(url, {organizationId: seeded!.id})
  const targets = [`${url}/oauth/token?client_secret=${CANARY_SECRET}&grant_type=client_credentials`, simulator.href]
  for (const target of targets) {
    // The emulator answers 413 while the upload is still going: the client may see the connection end instead.
    await fetch(target, {method: 'POST', body: OVERSIZED}).catch(() => {})
  }
  return simulator.pathname.slice('/sso/idp-simulator/'.length)
}

/** The emulator's own error lines; the detached log puts its time and level before each message. */
function errorLines(log: string): string[] {
  return log
    .split('\n')
    .map((line) => line.replace(/^\S+Z (?:error|warn|info) /, ''))
    .filter((line) => line.startsWith('error '))
}

/** Each error line up to its message: the masked request target. */
const firstErrorLines = (log: string) => errorLines(log).map((line) => line.split(': ')[0])
const MASKED_ERROR_LINES = ['error POST /oauth/token?client_secret=…&grant_type=…', 'error POST /sso/idp-simulator/…']

function mode(path: string): number {
  return statSync(path).mode & 0o777
}

describe('skctl emulator (foreground)', () => {
  it('Ctrl-C stops it with exit 130 and forgets its runtime record', async () => {
    const env = sandbox()
    // A config directory that does not exist yet is created (it once made the start fail and hang).
    env.SKCTL_CONFIG_DIR = join(tempDir(), 'not', 'yet')
    const {child, exited, ready} = await startForeground(env)
    expect(ready.pid).toBe(child.pid)
    expect((await runJson(['emulator', 'status'], {env})).code).toBe(0)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(hasRuntimeRecord(env)).toBe(false)
  })

  it('runs until SIGTERM, masking credentials on its error lines, then stops cleanly and forgets its runtime record', async () => {
    const env = sandbox()
    const foreground = await startForeground(env, {json: false})
    expect((await runJson(['orgs', 'list'], {env})).code).toBe(0)
    const id = await provokeErrorLines(foreground.ready.url)
    foreground.child.kill('SIGTERM')
    expect(await foreground.exited).toBe(0)
    expect(hasRuntimeRecord(env)).toBe(false)
    // Without --json the human output and the request log go to stderr.
    const log = foreground.stderr()
    expect(log).not.toContain(CANARY_SECRET)
    expect(log).not.toContain(id)
    expect(firstErrorLines(log)).toEqual(MASKED_ERROR_LINES)
  })
})

describe('skctl emulator start --strict-redirects', () => {
  it('accepts only registered redirect URLs until told otherwise', async () => {
    const env = sandbox()
    expect((await runJson(['emulator', 'start', '--port', '0', '--detach', '--strict-redirects'], {env})).code).toBe(0)
    const probe = () =>
      runJson<{results: Array<{registered?: boolean}>}>(
        ['redirects', 'check', '--probe', 'http://localhost:3000/api/auth/callback'],
        {env},
      )
    expect((await probe()).json.results[0]?.registered).toBe(false)
    expect((await run(['emulator', 'redirects', 'add', 'http://localhost/api/auth/callback'], {env})).code).toBe(0)
    expect((await probe()).json.results[0]?.registered).toBe(true)
    const listed = await runJson<{strict: boolean}>(['emulator', 'redirects', 'list'], {env})
    expect(listed.json.strict).toBe(true)
  })
})

describe('skctl emulator files and logs', () => {
  it('keeps state across restarts with --data-dir (same ids), tightens loosened files, and masks its log', async () => {
    const env = sandbox()
    const configDir = env.SKCTL_CONFIG_DIR!
    const dataDir = join(tempDir(), 'shared-data')
    mkdirSync(dataDir)
    chmodSync(dataDir, 0o777)
    const start = () => runJson<Started>(['emulator', 'start', '--port', '0', '--detach', '--data-dir', dataDir], {env})
    const first = await start()
    expect(first.code).toBe(0)
    expect(mode(dataDir)).toBe(0o700)
    const {organization} = await sdk(first.json.url).organization.createOrganization('Durable Inc', {
      externalId: 'durable',
    })
    await stopEmulator(configDir)

    chmodSync(dataDir, 0o777)
    chmodSync(join(configDir, 'emulator.log'), 0o644)
    // A record left behind by a crash, loosened, with a loosened temp file beside it.
    writeFileSync(join(configDir, 'emulator.json'), '{}', {mode: 0o644})
    writeFileSync(join(configDir, 'emulator.json.tmp'), '', {mode: 0o644})
    chmodSync(join(configDir, 'emulator.json.tmp'), 0o644)
    const restarted = await start()
    expect(restarted.code).toBe(0)
    expect(restarted.json.dataDir).toBe(dataDir)
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(join(configDir, 'emulator.log'))).toBe(0o600)
    expect(mode(join(configDir, 'emulator.json'))).toBe(0o600)
    const got = await sdk(restarted.json.url).organization.getOrganizationByExternalId('durable')
    expect(got.organization?.id).toBe(organization!.id)

    // Error lines in the detached log are masked exactly as in the foreground (tested above). The log is written
    // line by line as requests finish: nothing to flush.
    const id = await provokeErrorLines(restarted.json.url)
    const log = readFileSync(join(configDir, 'emulator.log'), 'utf8')
    expect(log).not.toContain(CANARY_SECRET)
    expect(log).not.toContain(id)
    expect(firstErrorLines(log)).toEqual(MASKED_ERROR_LINES)
  })
})
