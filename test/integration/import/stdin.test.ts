import {readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson} from '../../helpers/resources.js'
import {type ImportSummaryJson, members, syntheticUsers} from './support.js'

const emulator = useEmulator()
const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/migrate/${path}`, import.meta.url))
const spooled = () => readdirSync(tmpdir()).filter((name) => name.startsWith('skctl-stdin-'))

describe('"-" reads the input from standard input', () => {
  it('users import - takes CSV or JSON lines, and --resume takes the same data piped again', async () => {
    const org = await createOrganization(emulator, 'Stdin Co', 'stdin-co')
    const env = emulator.env()
    const before = spooled()
    const csv = await runJson<ImportSummaryJson>(['users', 'import', '-', '--org', org, '--yes'], {
      env,
      input: syntheticUsers(3, 'stdin'),
    })
    expect(csv.code).toBe(0)
    expect(csv.json.users.created).toBe(3)
    const jsonl = await runJson<ImportSummaryJson>(['users', 'import', '-', '--yes'], {
      env,
      input: `{"email":"lines@stdin.test","organization":"${org}"}\n`,
    })
    expect(jsonl.json.users.created).toBe(1)

    // Stopped by rejected credentials, then resumed by piping the same rows again; other rows are refused.
    const rows = `email,organization\n${Array.from({length: 5}, (_, i) => `resume-${i}@stdin.test,${org}`).join('\n')}\n`
    const args = ['users', 'import', '-', '--yes']
    const stopped = await runJson<ErrorJson>(args, {env: {...env, SCALEKIT_CLIENT_SECRET: 'wrong'}, input: rows})
    expect(stopped.code).toBe(3)
    const other = await runJson<ErrorJson>([...args, '--resume'], {env, input: `${rows}late@stdin.test,${org}\n`})
    expect(other.code).toBe(2)
    expect(other.json.error.message).toMatch(/changed since the interrupted run/)
    const resumed = await runJson<ImportSummaryJson>([...args, '--resume'], {env, input: rows})
    expect(resumed.code).toBe(0)
    expect(resumed.json).toMatchObject({resumed: true, users: {created: 5}})
    expect(await members(emulator, org, env)).toHaveLength(9)

    const empty = await runJson<ErrorJson>(['users', 'import', '-', '--org', org, '--yes'], {env, input: ''})
    expect(empty.code).toBe(2)
    expect(empty.json.error.message).toMatch(/standard input is empty/)
    // The private copies are removed when the command ends.
    expect(spooled()).toEqual(before)
  })

  it('migrate auth0 - reads one of the export files from standard input', async () => {
    const env = emulator.env()
    const plan = await runJson<ImportSummaryJson>(
      ['migrate', 'auth0', '-', fixture('auth0/organizations.json'), '--dry-run'],
      {env, input: readFileSync(fixture('auth0/users.ndjson'), 'utf8')},
    )
    expect(plan.code).toBe(5)
    expect(plan.json.organizations.created).toBe(2)
    expect(plan.json.rows).toBe(4)
  })
})
