import {spawn} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {describe, expect, it} from 'vitest'

import {BIN, run, runJson} from '../../helpers/cli.js'
import {useEmulatorSandboxes} from '../../helpers/emulator.js'

interface Entry {
  level: string
  message: string
  time: string | null
}

const sandbox = useEmulatorSandboxes()

async function startDetached(env: NodeJS.ProcessEnv): Promise<string> {
  const started = await runJson<{url: string}>(['emulator', 'start', '--port', '0', '--detach'], {env})
  expect(started.code).toBe(0)
  return started.json.url
}

describe('skctl emulator logs', () => {
  it('shows the detached emulator’s start line and filters by --level', async () => {
    const env = sandbox()
    // A directory nothing has created yet, as on a new machine.
    env.SKCTL_CONFIG_DIR = join(env.SKCTL_CONFIG_DIR!, 'new', 'skctl')
    const url = await startDetached(env)
    expect((await run(['orgs', 'get', 'org_99999999999999999'], {env})).code).toBe(4)

    const all = await run(['emulator', 'logs'], {env})
    expect(all.code).toBe(0)
    expect(all.stdout).toMatch(new RegExp(`^\\S+Z info  emulator started at ${url} \\(pid \\d+`, 'm'))
    expect(all.stdout).toMatch(/ warn {2}rpc OrganizationService\/GetOrganization not_found/)

    const warnings = await runJson<{entries: Entry[]; file: string}>(['emulator', 'logs', '--level', 'warn'], {env})
    expect(warnings.json.file).toBe(join(env.SKCTL_CONFIG_DIR, 'emulator.log'))
    expect(warnings.json.entries.map((e) => e.level)).toEqual(['warn'])
    expect(warnings.json.entries[0]!.message).toMatch(/^rpc OrganizationService\/GetOrganization not_found/)
    expect((await runJson<{entries: Entry[]}>(['emulator', 'logs', '--level', 'error'], {env})).json.entries).toEqual(
      [],
    )

    const last = await runJson<{entries: Entry[]}>(['emulator', 'logs', '--lines', '1'], {env})
    expect(last.json.entries).toHaveLength(1)
    expect(statSync(warnings.json.file).mode & 0o777).toBe(0o600)
  })

  it('follows new lines until Ctrl-C, then exits 130', async () => {
    const env = sandbox()
    const url = await startDetached(env)
    const follower = spawn(process.execPath, [BIN, 'emulator', 'logs', '--follow', '--lines', '1'], {env})
    const exited = new Promise<number | null>((resolve) => follower.once('exit', (code) => resolve(code)))
    const lines = createInterface({input: follower.stdout})
    const seen: string[] = []
    const waitFor = (pattern: RegExp) =>
      new Promise<string>((resolve) => {
        const check = (line: string) => {
          seen.push(line)
          if (pattern.test(line)) {
            lines.off('line', check)
            resolve(line)
          }
        }
        lines.on('line', check)
      })
    await waitFor(/emulator started at/)
    // The follower is watching once it says so on stderr.
    await new Promise<void>((resolve) => {
      follower.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (d.includes('Ctrl-C to stop')) resolve()
      })
    })
    const line = waitFor(/http GET \/_emulator\/health 200/)
    await fetch(`${url}/_emulator/health`)
    expect(await line).toMatch(/^\S+Z info {2}http GET \/_emulator\/health 200/)
    follower.kill('SIGINT')
    expect(await exited).toBe(130)
  })

  it('rotates the log at its size limit, keeping two old files, all 0600', async () => {
    const env = sandbox()
    const limit = 2000
    env.SKCTL_EMULATOR_LOG_MAX_BYTES = String(limit)
    const url = await startDetached(env)
    for (let i = 0; i < 120; i++) await fetch(`${url}/_emulator/health?n=${i}`)
    const dir = env.SKCTL_CONFIG_DIR!
    const logs = readdirSync(dir)
      .filter((f) => f.startsWith('emulator.log'))
      .sort()
    expect(logs).toEqual(['emulator.log', 'emulator.log.1', 'emulator.log.2'])
    for (const file of logs) {
      const {mode, size} = statSync(join(dir, file))
      expect(mode & 0o777).toBe(0o600)
      expect(size).toBeLessThanOrEqual(limit)
    }
    expect(existsSync(join(dir, 'emulator.log.3'))).toBe(false)
    // The live file holds the newest lines, and the command reads it after rotation.
    const tail = await runJson<{entries: Entry[]}>(['emulator', 'logs', '--lines', '1'], {env})
    expect(tail.json.entries[0]!.message).toMatch(/^http GET \/_emulator\/health 200/)
  })

  it('says there is no log when no detached emulator ran (exit 4)', async () => {
    const result = await run(['emulator', 'logs'], {env: sandbox()})
    expect(result.code).toBe(4)
    expect(result.stderr).toMatch(/Error: no emulator log at .*emulator\.log\nHint: .*skctl emulator start --detach/)
  })

  it('refuses an unknown --level (exit 2)', async () => {
    const result = await run(['emulator', 'logs', '--level', 'debug'], {env: sandbox()})
    expect(result.code).toBe(2)
  })
})
