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
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'

// How plan reads a whole environment: many organizations at a time, through the API's rate limits, and a large file
// parsed on a thread of its own.
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

/** A file large enough to be parsed aside: `count` new organizations, the last with a connection and its secret. */
function largeFile(count: number, last: string): string {
  const lines = ['version: 1', 'organizations:']
  for (let i = 0; i < count; i++) {
    lines.push(
      `  large-${i}:`,
      `    name: Large organization number ${i}`,
      `    metadata: {tier: gold, region: eu-west-${i}}`,
    )
  }
  return `${lines.join('\n')}\n${last}`
}

describe('env plan of a large file', () => {
  const SECRET = 'large-file-oidc-secret-value'
  const connection = [
    '  large-secret:',
    '    name: Large secret',
    '    connections:',
    '      - type: OIDC',
    '        provider: okta',
    '        oidc: {issuer: "https://large.okta.example", clientId: cid, clientSecret: "${LARGE_SECRET}"}',
    '',
  ].join('\n')

  it('plans it as it would a small one, with the secret it references left out of the output', async () => {
    const path = join(dir, 'large.yaml')
    writeFileSync(path, largeFile(3000, connection))
    const plan = await runJson<{summary: {create: number}}>(['env', 'plan', '-f', path], {
      env: emulator.env({LARGE_SECRET: SECRET}),
    })
    expect(plan.code, plan.stderr).toBe(6)
    expect(plan.json.summary.create).toBe(3002)
    expect(plan.stdout).toContain('large-secret')
    expect(plan.stdout).not.toContain(SECRET)
  })

  it('exits 2 before any call for a problem in it, naming the line and column', async () => {
    const path = join(dir, 'large-bad.yaml')
    writeFileSync(path, largeFile(3000, '  large-bad:\n    name: Bad\n    domains: [not_a_domain]\n'))
    const {code, json} = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['env', 'plan', '-f', path], {env: emulator.env()}),
    )
    expect(code).toBe(2)
    expect(json.error.message).toBe('large-bad.yaml:9005:15 organizations[large-bad].domains[0]: not a domain name')
  })
})
