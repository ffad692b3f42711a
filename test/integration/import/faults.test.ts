import {describe, expect, it} from 'vitest'

import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization} from '../../helpers/resources.js'
import {csvFile, type ImportSummaryJson, members, syntheticUsers, total} from './support.js'

const ROWS = 10_000

// A hostile API for the user calls the import makes: rate-limited, failing before and after applying writes, and
// dropping connections. Seeded, so a failure here replays the same way.
const emulator = useEmulator({
  faults: {
    fail: {code: 'internal', fraction: 0.02},
    failAfterWrite: {code: 'internal', fraction: 0.02},
    methods: ['UserService/*'],
    // Bursts of 4 against 16 rows in flight: the limit is met however fast or slow the machine is.
    rateLimit: {burst: 4, perSecond: 2000},
    reset: {fraction: 0.002},
    seed: 7,
  },
})

describe('an import against a failing, rate-limited API', () => {
  it(`accounts for every one of ${ROWS} rows and creates no duplicate`, {timeout: 240_000}, async () => {
    const org = await createOrganization(emulator, 'Faulty Co', 'faulty-co')
    const env = emulator.env()
    const file = csvFile(`${syntheticUsers(ROWS - 1, 'flt')}flt-0@example.com,Dup,,\n`)
    const result = await runJson<ImportSummaryJson>(
      ['users', 'import', file, '--org', org, '--concurrency', '16', '--yes'],
      {env},
    )
    const injected = (await emulator.stats()) as unknown as {faults: Record<string, number>}
    await emulator.admin('DELETE', '/_emulator/api-faults')

    expect(total(result.json.users)).toBe(ROWS)
    expect(result.json.users.failed).toBe(1) // the duplicate row, and nothing else
    expect(result.json.errors.map((e) => e.code)).toEqual(['duplicate_email'])
    expect(result.json.users.created + result.json.users.existing).toBe(ROWS - 1)
    expect(result.code).toBe(5)

    // Every fault kind actually happened.
    for (const kind of ['rateLimited', 'failed', 'failedAfterWrite', 'reset'])
      expect(injected.faults[kind], kind).toBeGreaterThan(0)

    const imported = await members(emulator, org, env)
    expect(imported).toHaveLength(ROWS - 1)
    expect(new Set(imported.map((u) => u.email)).size).toBe(ROWS - 1)
    expect(new Set(imported.map((u) => u.externalId)).size).toBe(ROWS - 1)
  })
})
