import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {csvFile, type ImportSummaryJson, members, syntheticUsers} from './support.js'

const emulator = useEmulator()
const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/migrate/${path}`, import.meta.url))

// Problems that concern the whole import are reported once, with their own exit code, not once per row.
describe('imports that stop on a whole-import problem', () => {
  it('rejected credentials stop at the first call with exit 3; --resume with the right secret finishes', async () => {
    const org = await createOrganization(emulator, 'Wrong Secret Co', 'wrong-secret-co')
    const env = emulator.env()
    // The organization on each row: the rows themselves meet the rejected credentials.
    const rows = Array.from({length: 30}, (_, i) => `auth-${i}@example.com,${org}`)
    const file = csvFile(['email,organization', ...rows, ''].join('\n'))
    const report = tempDir()
    const args = ['users', 'import', file, '--report', report, '--yes']
    const wrong = {...env, SCALEKIT_CLIENT_SECRET: 'not-the-secret'}
    const rejected = await runJson<ErrorJson>(args, {env: wrong})
    expect(rejected.code).toBe(3)
    expect(rejected.json.error.code).toBe('auth_failed')
    expect(rejected.json.error.message).toMatch(/rejected.*checkpoint is saved/)
    expect(rejected.json.error.hint).toMatch(/--resume/)
    expect(readFileSync(join(report, 'errors.jsonl'), 'utf8')).toBe('')

    const resumed = await runJson<ImportSummaryJson>([...args, '--resume'], {env})
    expect(resumed.code).toBe(0)
    expect(resumed.json.resumed).toBe(true)
    expect(resumed.json.users.created).toBe(30)
    expect(await members(emulator, org, env)).toHaveLength(30)
  })

  it('--org naming no organization is one not-found error (exit 4) before any row', async () => {
    const env = emulator.env()
    const file = csvFile(syntheticUsers(100, 'nope'))
    const report = tempDir()
    for (const extra of [[], ['--dry-run']]) {
      const unknown = await runJson<ErrorJson>(
        ['users', 'import', file, '--org', 'nope', '--report', report, '--yes', ...extra],
        {env},
      )
      expect(unknown.code).toBe(4)
      expect(unknown.json.error).toMatchObject({code: 'not_found', message: expect.stringMatching(/--org: .*nope/)})
    }
    expect(readdirSync(report)).toEqual([])
    // Nothing was started: the same command with the right organization runs as a fresh import.
    const org = await createOrganization(emulator, 'Nope Co', 'nope')
    const fixed = await runJson<ImportSummaryJson>(['users', 'import', file, '--org', 'nope', '--yes'], {env})
    expect(fixed.code).toBe(0)
    expect(fixed.json.users.created).toBe(100)
    expect(await members(emulator, org, env)).toHaveLength(100)
  })

  it('a file that places nobody in an organization, without --org, is one usage error (exit 2) before any call', async () => {
    const env = emulator.env()
    const cases = [csvFile(syntheticUsers(100, 'orgless')), csvFile('{"email":"a@orgless.test"}\n', 'users.jsonl')]
    for (const file of cases) {
      const missing = await withoutCalls(emulator, () => runJson<ErrorJson>(['users', 'import', file, '--yes'], {env}))
      expect(missing.code).toBe(2)
      expect(missing.json.error.message).toMatch(/names no organization/)
      expect(missing.json.error.hint).toMatch(/--org/)
    }
  })

  it('migrate with rejected credentials exits 3 before creating any organization', async () => {
    const env = {...emulator.env(), SCALEKIT_CLIENT_SECRET: 'not-the-secret'}
    const files = ['auth0/users.ndjson', 'auth0/organizations.json'].map(fixture)
    const rejected = await runJson<ErrorJson>(['migrate', 'auth0', ...files, '--org', 'x', '--yes'], {env})
    expect(rejected.code).toBe(3)
    expect(rejected.json.error.code).toBe('auth_failed')
  })

  it('a dry run with rejected credentials exits 3', async () => {
    const env = {...emulator.env(), SCALEKIT_CLIENT_SECRET: 'not-the-secret'}
    const file = csvFile(syntheticUsers(3, 'dry-auth'))
    const rejected = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['users', 'import', file, '--org', 'org_10000000000000001', '--dry-run'], {env}),
    )
    expect(rejected.code).toBe(3)
  })
})
