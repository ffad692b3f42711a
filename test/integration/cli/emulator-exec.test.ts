import {spawn} from 'node:child_process'
import {createInterface} from 'node:readline'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {isAlive} from '../../../src/emulator-control/runtime.js'
import {BIN, cleanEnv, run} from '../../helpers/cli.js'

const node = (script: string) => [process.execPath, '-e', script]

// Run from the repository root, so `node -e` resolves the SDK as an app's test would.
const LIST_ORGS = `
const {ScalekitClient} = require('@scalekit-sdk/node')
const e = process.env
const client = new ScalekitClient(e.SCALEKIT_ENVIRONMENT_URL, e.SCALEKIT_CLIENT_ID, e.SCALEKIT_CLIENT_SECRET)
client.organization.listOrganization({pageSize: 10}).then((page) => {
  console.log(JSON.stringify({
    env: [e.SCALEKIT_ENVIRONMENT_URL, e.SCALEKIT_ENV_URL, e.SCALEKIT_CLIENT_ID, e.SCALEKIT_CLIENT_SECRET],
    orgs: page.organizations.map((o) => o.displayName),
  }))
})`

describe('skctl emulator exec', () => {
  it('gives the command a fresh emulator the real SDK can use, and closes it afterwards', async () => {
    const result = await run(['emulator', 'exec', '--', ...node(LIST_ORGS)])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const seen = JSON.parse(result.stdout) as {env: string[]; orgs: string[]}
    const [url, envUrl, clientId, secret] = seen.env
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(envUrl).toBe(url)
    expect([clientId, secret]).toEqual([DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET])
    expect(seen.orgs).toEqual(['Test Organization'])
    await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow()
  })

  it.each([0, 3, 42])('exits with the command’s exit code %i', async (code) => {
    const result = await run(['emulator', 'exec', '--', ...node(`process.exit(${code})`)])
    expect(result.code).toBe(code)
  })

  it('exits 128 + the signal number when a signal ends the command', async () => {
    const result = await run(['emulator', 'exec', '--', ...node('process.kill(process.pid, "SIGKILL")')])
    expect(result.code).toBe(137)
  })

  it('passes the command its own flags after --, and --strict-redirects to the emulator', async () => {
    // An unregistered loopback callback: accepted by a development emulator, refused by a strict one.
    const script = `fetch(process.env.SCALEKIT_ENVIRONMENT_URL + '/oauth/authorize?response_type=code&client_id=' +
      process.env.SCALEKIT_CLIENT_ID + '&redirect_uri=http://127.0.0.1:9/cb&scope=openid', {redirect: 'manual'})
      .then((r) => console.log(JSON.stringify({args: process.argv.slice(1), status: r.status})))`
    const strict = await run(['emulator', 'exec', '--strict-redirects', '--', ...node(script), '--', '--json', '-x'])
    const loose = await run(['emulator', 'exec', '--', ...node(script), '--', '--json', '-x'])
    expect([strict.code, loose.code]).toEqual([0, 0])
    const strictSeen = JSON.parse(strict.stdout) as {args: string[]; status: number}
    const looseSeen = JSON.parse(loose.stdout) as {args: string[]; status: number}
    expect(strictSeen.args).toEqual(['--json', '-x'])
    expect(looseSeen.status).toBe(302)
    expect(strictSeen.status).not.toBe(302)
  })

  it.each([
    ['SIGTERM', 7],
    ['SIGINT', 5],
  ] as const)('forwards %s to the command, waits for it, and leaves nothing running', async (signal, code) => {
    const trap = `process.on('${signal}', () => process.exit(${code}))
      console.log(JSON.stringify({pid: process.pid, url: process.env.SCALEKIT_ENVIRONMENT_URL}))
      setInterval(() => {}, 1000)`
    const child = spawn(process.execPath, [BIN, 'emulator', 'exec', '--', ...node(trap)], {env: cleanEnv()})
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const first = await new Promise<string>((resolve) => createInterface({input: child.stdout}).once('line', resolve))
    const ready = JSON.parse(first) as {pid: number; url: string}
    expect((await fetch(`${ready.url}/_emulator/health`)).ok).toBe(true)
    child.kill(signal)
    expect(await exited).toBe(code)
    expect(isAlive(ready.pid)).toBe(false)
    await expect(fetch(`${ready.url}/_emulator/health`)).rejects.toThrow()
  })

  it('exits 127 with a clear error when the command does not exist', async () => {
    const result = await run(['emulator', 'exec', '--', 'skctl-no-such-command-here'])
    expect(result.code).toBe(127)
    expect(result.stderr).toMatch(/Error: command not found: skctl-no-such-command-here/)
    expect(result.stderr).toMatch(/Hint: /)
  })

  it.each([[['emulator', 'exec']], [['emulator', 'exec', '--']], [['emulator', 'exec', 'true']]])(
    'is a usage error (exit 2) without -- and a command: %j',
    async (args) => {
      const result = await run(args)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/Error: .*(--|command)/)
      expect(result.stderr).toMatch(/Hint: skctl emulator exec -- npm test/)
    },
  )
})
