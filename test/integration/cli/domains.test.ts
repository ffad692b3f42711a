import {describe, expect, it} from 'vitest'

import {addDomain as addDomainInProcess, listDomains, parseDomainName} from '../../../src/api/domains.js'
import {collect} from '../../../src/api/paginate.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {
  cliApi,
  createOrganization,
  type ErrorJson,
  seededOrganizationId,
  withoutCalls,
} from '../../helpers/resources.js'

const emulator = useEmulator()

interface Domain {
  createTime: string
  domain: string
  domainType: string
  id: string
  organizationId: string
  verificationStatus: string
}
interface DomainList {
  domains: Domain[]
  totalSize?: number
  truncated: boolean
}

const env = () => emulator.env()

/**
 * A domain added in-process through the capability `domains add` runs: its result is what `--json` prints. For
 * fixtures; the command itself is run where its output is what is tested.
 */
const fixtureDomain = async (org: string, name: string) =>
  (await addDomainInProcess(cliApi(emulator), org, name, 'organization')) as Domain

async function addDomain(org: string, name: string, ...extra: string[]): Promise<Domain> {
  const {code, json, stderr} = await runJson<Domain>(['domains', 'add', '--org', org, name, ...extra], {env: env()})
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

describe('skctl domains', () => {
  it("lists the seeded Test Organization's verified domains as JSON and as a table", async () => {
    const org = await seededOrganizationId(emulator)
    const {code, json} = await runJson<DomainList>(['domains', 'list', '--org', org], {env: env()})
    expect(code).toBe(0)
    expect(json.truncated).toBe(false)
    expect(json.domains.map((d) => d.domain).sort()).toEqual(['example.com', 'example.org'])
    for (const domain of json.domains) {
      expect(domain).toMatchObject({
        domainType: 'ORGANIZATION_DOMAIN',
        organizationId: org,
        verificationStatus: 'VERIFIED',
      })
      expect(domain.id).toMatch(/^dom_\d+$/)
    }

    const table = await run(['domains', 'list', '--org', org], {env: env()})
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID\s+DOMAIN\s+TYPE\s+VERIFICATION\s+CREATED$/m)
    expect(table.stdout).toMatch(/^dom_\d+\s+example\.com\s+organization\s+verified\s+\d{4}-\d\d-\d\d$/m)
  })

  it('adds domains of both types to an organization named by external id, lower-cased', async () => {
    const org = await createOrganization(emulator, 'Domain Co', 'domain-co')
    const added = await addDomain('domain-co', 'Domain-Co.COM')
    expect(added).toMatchObject({domain: 'domain-co.com', domainType: 'ORGANIZATION_DOMAIN', organizationId: org})
    expect(added.id).toMatch(/^dom_\d+$/)
    expect(Date.parse(added.createTime)).not.toBeNaN()
    const allowed = await addDomain(org, 'mail.domain-co.io', '--type', 'allowed-email')
    expect(allowed).toMatchObject({domain: 'mail.domain-co.io', domainType: 'ALLOWED_EMAIL_DOMAIN'})

    const byType = async (type: string) =>
      (await runJson<DomainList>(['domains', 'list', '--org', org, '--type', type], {env: env()})).json.domains
    expect((await byType('allowed-email')).map((d) => d.domain)).toEqual(['mail.domain-co.io'])
    // The other filter value, through the same listing the command runs.
    const organizationDomains = await collect(listDomains(cliApi(emulator), org, {type: 'organization'}))
    expect(organizationDomains.items.map((d) => d.domain)).toEqual(['domain-co.com'])
    const all = await runJson<DomainList>(['domains', 'list', '--org', 'domain-co'], {env: env()})
    expect(all.json.domains.map((d) => d.id).sort()).toEqual([added.id, allowed.id].sort())
  })

  it('prints what it added as a record, with the confirmation on stderr', async () => {
    const org = await createOrganization(emulator, 'Readable Domains')
    const {code, stdout, stderr} = await run(['domains', 'add', '--org', org, 'readable.dev'], {env: env()})
    expect(code).toBe(0)
    expect(stderr).toBe(`Added readable.dev to organization ${org}.\n`)
    expect(stdout).toMatch(/^domain\s+readable\.dev$/m)
    expect(stdout).toMatch(/^type\s+organization$/m)
    expect(stdout).toMatch(new RegExp(`^organization\\s+${org}$`, 'm'))
  })

  it('gets one domain by id', async () => {
    const org = await createOrganization(emulator, 'Get Domain Co')
    const added = await fixtureDomain(org, 'get-domain.co')
    const {code, json} = await runJson<Domain>(['domains', 'get', '--org', org, added.id], {env: env()})
    expect(code).toBe(0)
    expect(json).toEqual(added)
  })

  it('says so when --limit cuts the list short', async () => {
    const org = await createOrganization(emulator, 'Many Domains')
    for (const name of ['one.example.net', 'two.example.net', 'three.example.net']) await fixtureDomain(org, name)
    const {json} = await runJson<DomainList>(['domains', 'list', '--org', org, '--limit', '2'], {env: env()})
    expect(json.domains).toHaveLength(2)
    expect(json).toMatchObject({totalSize: 3, truncated: true})
    const text = await run(['domains', 'list', '--org', org, '--limit', '2'], {env: env()})
    expect(text.stderr).toMatch(/Showing 2 of 3 domains\. Pass --all/)
    const none = await run(['domains', 'list', '--org', await createOrganization(emulator, 'No Domains')], {env: env()})
    expect(none).toMatchObject({code: 0, stderr: 'No domains.\n', stdout: ''})
  })

  it('refuses to remove without confirmation when there is no terminal, then removes with --yes', async () => {
    const org = await createOrganization(emulator, 'Removal Co')
    const added = await fixtureDomain(org, 'removal.co')
    const client = await emulator.sdk()
    const refused = await runJson<ErrorJson>(['domains', 'remove', '--org', org, added.id], {env: env()})
    expect(refused.code).toBe(2)
    expect(refused.json.error).toMatchObject({code: 'usage', hint: 'pass --yes to confirm'})
    expect((await client.domain.getDomain(org, added.id)).domain?.id).toBe(added.id)

    const removed = await runJson(['domains', 'remove', '--org', org, added.id, '--yes'], {env: env()})
    expect(removed).toMatchObject({code: 0, json: {id: added.id, organizationId: org, removed: true}})
    // Gone on the server (that `domains get` of an unknown id exits 4 is tested below).
    await expect(client.domain.getDomain(org, added.id)).rejects.toMatchObject({grpcStatus: 5})
  })
})

describe('skctl domains — errors', () => {
  it('refuses a URL with exit 2 before any call, suggesting its host name', async () => {
    const name = 'https://acme.com/login'
    const {code, json} = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['domains', 'add', '--org', 'org_1', name], {env: env()}),
    )
    expect(code).toBe(2)
    expect(json.error).toMatchObject({code: 'invalid_input', message: `"${name}" is not a domain name`})
    expect(json.error.hint).toBe('pass the host name alone: acme.com')
  })

  // The same refusal (the one above shows how the command reports it) for the other shapes, in-process.
  it.each(['acme.com/login', 'acme', 'jane@acme.com', 'acme.com:8443', '10.0.0.1', 'acme-.com', 'acme..com'])(
    'refuses %s as invalid input (exit 2)',
    (name) => {
      expect(() => parseDomainName(name)).toThrow(
        expect.objectContaining({code: 'invalid_input', exit: 2, message: `"${name}" is not a domain name`}),
      )
    },
  )

  it('a domain an organization already has exits 1 (already_exists)', async () => {
    const org = await createOrganization(emulator, 'Duplicate Domains')
    await fixtureDomain(org, 'twice.example.io')
    const {code, json} = await runJson<ErrorJson>(['domains', 'add', '--org', org, 'TWICE.example.io'], {env: env()})
    expect(code).toBe(1)
    expect(json.error.code).toBe('already_exists')
    expect(json.error.message).toContain('twice.example.io')
  })

  it('an unknown domain id exits 4 and names it', async () => {
    const org = await seededOrganizationId(emulator)
    for (const verb of ['get', 'remove']) {
      const {code, json} = await runJson<ErrorJson>(['domains', verb, '--org', org, 'dom_999999999', '--yes'], {
        env: env(),
      })
      expect(code).toBe(4)
      expect(json.error).toMatchObject({code: 'not_found'})
      expect(json.error.message).toContain('dom_999999999')
    }
  })

  it('an unknown organization exits 4 and names it', async () => {
    const byId = await runJson<ErrorJson>(['domains', 'list', '--org', 'org_999999999'], {env: env()})
    expect(byId.code).toBe(4)
    expect(byId.json.error.message).toContain('org_999999999')
    const byExternalId = await run(['domains', 'add', '--org', 'no-such-customer', 'fine.example.com'], {env: env()})
    expect(byExternalId.code).toBe(4)
    expect(byExternalId.stderr).toMatch(/^Error: .*no-such-customer/m)
  })

  it('a missing --org or an unknown --type exits 2 before any call', async () => {
    const missing = await withoutCalls(emulator, () => run(['domains', 'list'], {env: env()}))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/Missing required flag org/)
    const badType = await withoutCalls(emulator, () =>
      run(['domains', 'add', '--org', 'org_1', 'acme.com', '--type', 'public'], {env: env()}),
    )
    expect(badType.code).toBe(2)
    expect(badType.stderr).toMatch(/public/)
  })
})
