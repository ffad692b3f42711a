import {spawn} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BIN, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {canMountTmpfs, fillDisk, freeDisk, NO_MOUNT, tmpfs} from '../../helpers/tmpfs.js'
import {csvFile, type ImportSummaryJson, syntheticUsers} from './support.js'

const emulator = useEmulator()
const SEEDED_ORG = 'org_10000000000000001'

/** Runs a command that must refuse its output path with exit 2, one sentence, and no call at all. */
async function refused(args: string[]) {
  const result = await withoutCalls(emulator, () => runJson<ErrorJson>(args, {env: emulator.env()}))
  expect(result.code, args.join(' ')).toBe(2)
  expect(result.json.error.code).toBe('invalid_input')
  expect(result.json.error.message).not.toMatch(/\n|E[A-Z]{3,}:/)
  return result.json.error.message
}

describe('output paths are checked before any call', () => {
  it('refuses a --report or --mapping-out that cannot be written, with exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'))
    mkdirSync(join(dir, 'a-dir'))
    const users = csvFile(syntheticUsers(2, 'paths'))
    const cases: Array<[string[], RegExp]> = [
      [['--report', join(dir, 'dangling')], /symbolic link to something that does not exist/],
      [['--report', file], /is a file, not a directory/],
      [['--report', join(file, 'reports')], /a-file is a file/],
      [['--mapping-out', join(dir, 'a-dir')], /is a directory/],
      [['--mapping-out', join(file, 'ids.csv')], /a-file is a file/],
    ]
    for (const [flags, message] of cases) {
      expect(await refused(['users', 'import', users, '--org', SEEDED_ORG, ...flags, '--yes'])).toMatch(message)
    }
  })

  it('users export refuses a directory or a missing directory with the JSON error envelope', async () => {
    const dir = tempDir()
    expect(await refused(['users', 'export', '--output', dir])).toMatch(/is a directory/)
    expect(await refused(['users', 'export', '--output', '/no/such/dir/x.csv'])).toMatch(
      /the directory \/no\/such\/dir does not exist/,
    )
  })

  it.skipIf(!canMountTmpfs)('refuses a read-only destination (exit 2) — ' + NO_MOUNT, async () => {
    const readOnly = tmpfs('64k', {readOnly: true})
    const users = csvFile(syntheticUsers(2, 'ro'))
    const reportArgs = ['--report', join(readOnly, 'reports'), '--yes']
    expect(await refused(['users', 'import', users, '--org', SEEDED_ORG, ...reportArgs])).toMatch(/read-only/)
    expect(await refused(['users', 'export', '--output', join(readOnly, 'users.csv')])).toMatch(/read-only/)
  })
})

describe.skipIf(!canMountTmpfs)('a full disk — ' + NO_MOUNT, () => {
  it('stops the import with exit 1 and whole report lines; freeing space and --resume continues', async () => {
    const org = await createOrganization(emulator, 'Full Disk Co', 'full-disk-co')
    const env = emulator.env()
    const bad = Array.from({length: 300}, (_, i) => `not-an-email-${i}`)
    const users = csvFile([syntheticUsers(20, 'disk').trimEnd(), ...bad, ''].join('\n'))
    const disk = tmpfs('64k')
    // Room for a few report lines, not all 300: the disk fills in the middle of a write.
    const filler = fillDisk(disk, 8192)
    const report = join(disk, 'reports')
    const args = ['users', 'import', users, '--org', org, '--report', report, '--yes']
    const full = await runJson<ErrorJson>(args, {env})
    expect(full.code).toBe(1)
    expect(full.json.error).toMatchObject({code: 'disk_full', message: expect.stringMatching(/disk is full/)})
    expect(full.json.error.hint).toMatch(/--resume/)
    const torn = readFileSync(join(report, 'errors.jsonl'), 'utf8')
    expect(torn === '' || torn.endsWith('\n')).toBe(true)

    freeDisk(filler)
    const resumed = await runJson<ImportSummaryJson>([...args, '--resume'], {env})
    expect(resumed.code).toBe(5)
    expect(resumed.json.users).toMatchObject({failed: 300})
    expect(resumed.json.users.created + resumed.json.users.existing).toBe(20)
    const lines = readFileSync(join(report, 'errors.jsonl'), 'utf8').trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as {line: number}).line)).toEqual(
      Array.from({length: 300}, (_, i) => i + 22),
    )
    const retry = readFileSync(join(report, 'retry.csv'), 'utf8').trimEnd().split('\r\n')
    expect(retry).toHaveLength(301)
  })

  it('users export says the disk is full (exit 1) and leaves no partial file', async () => {
    const disk = tmpfs('64k')
    fillDisk(disk)
    const result = await runJson<ErrorJson>(['users', 'export', '--output', join(disk, 'users.csv')], {
      env: emulator.env(),
    })
    expect(result.code).toBe(1)
    expect(result.json.error).toMatchObject({code: 'disk_full', message: expect.stringMatching(/disk is full/)})
    expect(readdirSync(disk)).toEqual(['filler'])
  })
})

/** Runs `users export` and closes its standard output after the first chunk, as `| head -1` does. */
function exportIntoClosedPipe(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{code: number | null; first: string; stderr: string}>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'users', 'export', ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let first = ''
    let stderr = ''
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8')
      child.stdout.destroy()
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, first, stderr}))
  })
}

describe('users export into a pipe closed early', () => {
  it('ends quietly with exit 0, in CSV and in JSON lines', async () => {
    const org = await createOrganization(emulator, 'Pipe Co', 'pipe-co')
    const env = emulator.env()
    // Several pages, so the export still writes after the reader has gone.
    const seeded = await runJson(['users', 'import', csvFile(syntheticUsers(300, 'pipe')), '--org', org, '--yes'], {
      env,
    })
    expect(seeded.code).toBe(0)
    for (const format of ['csv', 'jsonl']) {
      const result = await exportIntoClosedPipe(['--org', org, '--format', format], env)
      expect(result.first.length).toBeGreaterThan(0)
      expect(result.stderr).not.toMatch(/EPIPE|Error/)
      expect(result.code, result.stderr).toBe(0)
    }
  })
})
