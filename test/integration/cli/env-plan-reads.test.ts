import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Api} from '../../../src/api/client.js'
import {addDomain} from '../../../src/api/domains.js'
import {createOrganization} from '../../../src/api/organizations.js'
import {createRole} from '../../../src/api/roles.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

// How plan reads a whole environment: many organizations at a time, and through the API's rate limits.
const emulator = useEmulator()
let dir: string
let file: string
const ORGANIZATIONS = 6

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skctl-env-plan-'))
  const api = new Api({clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, environmentUrl: emulator.url})
  const lines = ['version: 1', 'organizations:']
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const org = await createOrganization(api, {externalId: `reads-${i}`, name: `Reads ${i}`})
    await addDomain(api, org.id, `reads-${i}.example`, 'organization')
    await createRole(api, {displayName: 'Auditor', name: 'auditor'}, org.id)
    lines.push(
      `  reads-${i}:`,
      `    name: Reads ${i}`,
      `    domains: [reads-${i}.example]`,
      '    roles:',
      '      auditor: {displayName: Auditor}',
    )
  }
  file = join(dir, 'env.yaml')
  writeFileSync(file, `${lines.join('\n')}\n`)
})

afterAll(() => {
  rmSync(dir, {force: true, recursive: true})
})

describe('env plan reads', () => {
  it('waits out rate limits on the reads of each organization instead of failing', async () => {
    await emulator.admin('POST', '/_emulator/api-faults', {
      methods: ['DomainService/ListDomains', 'RolesService/ListOrganizationRoles'],
      rateLimit: {burst: 2, perSecond: 20},
    })
    try {
      const plan = await runJson(['env', 'plan', '-f', file], {env: emulator.env()})
      expect(plan.code, JSON.stringify(plan.json)).toBe(0)
      expect(plan.json).toMatchObject({changed: false, changes: []})
      const stats = (await emulator.stats()) as unknown as {faults: {rateLimited: number}}
      expect(stats.faults.rateLimited).toBeGreaterThan(0)
    } finally {
      await emulator.admin('DELETE', '/_emulator/api-faults')
    }
  })
})
