import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {BIN, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
/** More than three pages of 100, so --all has to walk pages and the table has to continue across them. */
const COUNT = 350
const emails = Array.from({length: COUNT}, (_, i) => `lister-${i}@lists.example`)

beforeAll(async () => {
  const file = join(tempDir('skctl-lists-'), 'users.csv')
  writeFileSync(file, `email,first_name\n${emails.map((e, i) => `${e},Lister${i}`).join('\n')}\n`)
  const imported = await run(['users', 'import', file, '--org', 'org_10000000000000001', '--yes', '--json'], {
    env: emulator.env(),
  })
  expect(imported.code).toBe(0)
}, 120_000)

/** Runs `skctl ARGS | head -1` in a shell: the first line, and the exit status of skctl itself. */
function firstLine(args: string[], env: NodeJS.ProcessEnv): Promise<{line: string; skctl: number; stderr: string}> {
  const script = '"$@" | head -1; echo "skctl exit ${PIPESTATUS[0]}" >&2'
  const child = spawn('bash', ['-c', script, 'bash', process.execPath, BIN, ...args], {env, stdio: 'pipe'})
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', () => {
      const skctl = Number(/skctl exit (\d+)/.exec(stderr)?.[1] ?? Number.NaN)
      resolve({line: stdout, skctl, stderr: stderr.replace(/skctl exit \d+\n/, '')})
    })
  })
}

describe('users list --all across many pages', () => {
  it('prints every user exactly once in one JSON document', async () => {
    const {code, json} = await runJson<{
      totalSize: number
      truncated: boolean
      users: Array<{email: string; id: string}>
    }>(['users', 'list', '--all'], {env: emulator.env()})
    expect(code).toBe(0)
    const listed = json.users.map((u) => u.email).filter((e) => e.endsWith('@lists.example'))
    expect(listed.sort()).toEqual([...emails].sort())
    expect(new Set(json.users.map((u) => u.id)).size).toBe(json.users.length)
    expect(json).toMatchObject({totalSize: json.users.length, truncated: false})
  })

  it('prints every user exactly once as one table with one header', async () => {
    const {code, stdout} = await run(['users', 'list', '--all'], {env: emulator.env()})
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines.filter((l) => /^ID\s+EMAIL/.test(l))).toHaveLength(1)
    const listed = lines.map((l) => /\s(lister-\d+@lists\.example)\s/.exec(l)?.[1]).filter(Boolean)
    expect(listed.sort()).toEqual([...emails].sort())
  })

  it('ends its JSON document with the error when a later page fails, so stdout stays one document', async () => {
    // Every page takes half a second, so the fault set once the first page is out hits a later page.
    const faults = {latencyMs: 500, methods: ['UserService/ListUsers']}
    await emulator.admin('POST', '/_emulator/api-faults', faults)
    try {
      const child = spawn(process.execPath, [BIN, 'users', 'list', '--all', '--json'], {env: emulator.env()})
      let stdout = ''
      const firstPage = new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d
          resolve()
        })
      })
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
      await firstPage
      await emulator.admin('POST', '/_emulator/api-faults', {...faults, fail: {code: 'internal', fraction: 1}})
      expect(await exit).toBe(1)
      const document = JSON.parse(stdout) as {error: {code: string}; users: unknown[]}
      expect(document.users.length).toBeGreaterThanOrEqual(100)
      expect(document.users.length).toBeLessThan(COUNT)
      expect(document.error.code).toBe('api_error')
    } finally {
      await emulator.admin('DELETE', '/_emulator/api-faults')
    }
  })

  it('ends quietly with exit 0 when the reader closes the pipe after the first line', async () => {
    const table = await firstLine(['users', 'list', '--all'], emulator.env())
    expect(table).toEqual({line: expect.stringMatching(/^ID\s+EMAIL\s+NAME/), skctl: 0, stderr: ''})
    const json = await firstLine(['users', 'list', '--all', '--json'], emulator.env())
    expect(json).toEqual({line: '{\n', skctl: 0, stderr: ''})
  })
})
