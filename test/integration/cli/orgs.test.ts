import {describe, expect, it} from 'vitest'

import {createOrganization} from '../../../src/api/organizations.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {cliApi} from '../../helpers/resources.js'

const emulator = useEmulator()

interface Org {
  createTime: string
  displayName: string
  externalId?: string
  id: string
  metadata: Record<string, string>
  settings?: {features: Array<{enabled: boolean; name: string}>}
}

/**
 * An organization created in-process through the capability `orgs create` runs (its result is what --json prints),
 * for tests about other commands; `orgs create` itself is run by the tests about it.
 */
const fixtureOrg = async (name: string, fields: {externalId?: string; metadata?: Record<string, string>} = {}) =>
  (await createOrganization(cliApi(emulator), {name, ...fields})) as Org

/** Every organization, read in-process (`orgs list` itself is tested below). */
async function allOrgIds(): Promise<string[]> {
  const client = await emulator.sdk()
  const ids: string[] = []
  let pageToken: string | undefined
  do {
    const page = await client.organization.listOrganization({pageSize: 100, pageToken})
    ids.push(...page.organizations.map((o) => o.id))
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  return ids
}

async function createOrg(name: string, ...extra: string[]): Promise<Org> {
  const {code, json, stderr} = await runJson<Org>(['orgs', 'create', '--name', name, ...extra], {env: emulator.env()})
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

describe('skctl orgs', () => {
  it('creates an organization with an external id and metadata', async () => {
    const org = await createOrg(
      'Acme Corp',
      '--external-id',
      'acme-42',
      '--metadata',
      'plan=enterprise',
      '--metadata',
      'region=eu',
    )
    expect(org.id).toMatch(/^org_\d+$/)
    expect(org).toMatchObject({
      displayName: 'Acme Corp',
      externalId: 'acme-42',
      metadata: {plan: 'enterprise', region: 'eu'},
    })
    expect(Date.parse(org.createTime)).not.toBeNaN()
  })

  it('prints a readable record without --json', async () => {
    const {code, stdout, stderr} = await run(
      ['orgs', 'create', '--name', 'Readable Inc', '--external-id', 'readable-1'],
      {
        env: emulator.env(),
      },
    )
    expect(code).toBe(0)
    expect(stderr).toMatch(/^Created organization org_\d+\.$/m)
    expect(stdout).toMatch(/^name\s+Readable Inc$/m)
    expect(stdout).toMatch(/^external id\s+readable-1$/m)
  })

  it('gets an organization by id, by external id given as the argument, and by --external-id', async () => {
    const org = await fixtureOrg('Globex', {externalId: 'globex-7'})
    for (const args of [[org.id], ['globex-7'], ['--external-id', 'globex-7']]) {
      const {code, json} = await runJson<Org>(['orgs', 'get', ...args], {env: emulator.env()})
      expect(code).toBe(0)
      expect(json).toMatchObject({displayName: 'Globex', id: org.id})
    }
  })

  it('lists every organization, seeded ones included, as a table or JSON', async () => {
    await fixtureOrg('Listed Ltd')
    const {json} = await runJson<{organizations: Org[]; truncated: boolean}>(['orgs', 'list', '--all'], {
      env: emulator.env(),
    })
    const names = json.organizations.map((o) => o.displayName)
    expect(names).toContain('Test Organization')
    expect(names).toContain('Listed Ltd')
    expect(json.truncated).toBe(false)
    const table = await run(['orgs', 'list'], {env: emulator.env()})
    expect(table.stdout).toMatch(/^ID\s+NAME\s+EXTERNAL ID\s+CREATED/m)
    expect(table.stdout).toMatch(/Listed Ltd/)
  })

  it('says so when --limit cuts the list short', async () => {
    await fixtureOrg('Extra One')
    await fixtureOrg('Extra Two')
    const {json, stderr} = await runJson<{organizations: Org[]; totalSize: number; truncated: boolean}>(
      ['orgs', 'list', '--limit', '2'],
      {env: emulator.env()},
    )
    expect(json.organizations).toHaveLength(2)
    expect(json.truncated).toBe(true)
    expect(json.totalSize).toBeGreaterThan(2)
    expect(stderr).toBe('')
    const text = await run(['orgs', 'list', '--limit', '2'], {env: emulator.env()})
    expect(text.stderr).toMatch(/Showing 2 of \d+ organizations\. Pass --all/)
  })

  it('pages through more organizations than one API page holds', async () => {
    // The CLI asks for pages of 100 (the API's largest): past 100 organizations it must follow the page token.
    const existing = (await allOrgIds()).length
    const bulk = Math.max(12, 101 - existing)
    for (let i = 0; i < bulk; i++) await fixtureOrg(`Bulk ${i}`)
    const pagesBefore = (await emulator.stats()).rpc
    const {json} = await runJson<{organizations: Org[]}>(['orgs', 'list', '--all'], {env: emulator.env()})
    const pagesAfter = (await emulator.stats()).rpc
    const listCalls = (rpc: Record<string, number>) =>
      Object.entries(rpc)
        .filter(([name]) => name.endsWith('/ListOrganization'))
        .reduce((sum, [, n]) => sum + n, 0)
    expect(listCalls(pagesAfter) - listCalls(pagesBefore)).toBeGreaterThan(1)
    expect(json.organizations).toHaveLength(existing + bulk)
    expect(new Set(json.organizations.map((o) => o.id)).size).toBe(json.organizations.length)
  })

  it('searches organizations', async () => {
    await fixtureOrg('Initech Search', {externalId: 'initech-1'})
    const {json} = await runJson<{organizations: Org[]}>(['orgs', 'search', 'initech'], {env: emulator.env()})
    expect(json.organizations.map((o) => o.displayName)).toEqual(['Initech Search'])
    const short = await runJson(['orgs', 'search', 'ab'], {env: emulator.env()})
    expect(short.code).toBe(2)
  })

  it('updates only the fields given', async () => {
    const org = await fixtureOrg('Before Name', {externalId: 'upd-1', metadata: {plan: 'free'}})
    const {code, json} = await runJson<Org>(
      ['orgs', 'update', 'upd-1', '--name', 'After Name', '--metadata', 'tier=gold'],
      {
        env: emulator.env(),
      },
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({displayName: 'After Name', externalId: 'upd-1', id: org.id})
    expect(json.metadata).toEqual({plan: 'free', tier: 'gold'})
    const removed = await runJson<Org>(['orgs', 'update', org.id, '--metadata', 'plan=', '--metadata', 'tier='], {
      env: emulator.env(),
    })
    expect(removed.json.metadata).toEqual({})
    expect(removed.json.displayName).toBe('After Name')
    const nothing = await runJson(['orgs', 'update', org.id], {env: emulator.env()})
    expect(nothing.code).toBe(2)
  })

  it('turns organization features on and off', async () => {
    const org = await fixtureOrg('Feature Co')
    const on = await runJson<Org>(['orgs', 'settings', org.id, '--enable', 'sso', '--enable', 'dir_sync'], {
      env: emulator.env(),
    })
    expect(on.code).toBe(0)
    expect(on.json.settings?.features).toEqual(
      expect.arrayContaining([
        {enabled: true, name: 'sso'},
        {enabled: true, name: 'dir_sync'},
      ]),
    )
    const off = await runJson<Org>(['orgs', 'settings', org.id, '--disable', 'dir_sync'], {env: emulator.env()})
    expect(off.json.settings?.features).toEqual(expect.arrayContaining([{enabled: false, name: 'dir_sync'}]))
    const bad = await run(['orgs', 'settings', org.id, '--enable', 'teleport'], {env: emulator.env()})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/teleport/)
  })

  it('refuses to delete without confirmation when there is no terminal, then deletes with --yes', async () => {
    const org = await fixtureOrg('Doomed Inc', {externalId: 'doomed-1'})
    const client = await emulator.sdk()
    const refused = await runJson(['orgs', 'delete', org.id], {env: emulator.env()})
    expect(refused.code).toBe(2)
    expect(refused.json).toMatchObject({error: {code: 'usage', hint: 'pass --yes to confirm'}})
    expect((await client.organization.getOrganization(org.id)).organization?.id).toBe(org.id)

    const deleted = await runJson(['orgs', 'delete', '--external-id', 'doomed-1', '--yes'], {env: emulator.env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, id: org.id}})
    // Gone on the server (that `orgs get` of an unknown id exits 4 is tested below).
    await expect(client.organization.getOrganization(org.id)).rejects.toMatchObject({grpcStatus: 5})
  })
})

describe('skctl orgs — errors', () => {
  it('an unknown id exits 4 and names it', async () => {
    const {code, json} = await runJson<{error: {code: string; message: string}}>(['orgs', 'get', 'org_999999999'], {
      env: emulator.env(),
    })
    expect(code).toBe(4)
    expect(json.error.code).toBe('not_found')
    expect(json.error.message).toContain('org_999999999')
  })

  it('an unknown external id exits 4', async () => {
    const {code, stderr} = await run(['orgs', 'get', '--external-id', 'no-such-customer'], {env: emulator.env()})
    expect(code).toBe(4)
    expect(stderr).toMatch(/^Error: .*no-such-customer/m)
  })

  it('a duplicate external id exits 1 with "already exists"', async () => {
    await fixtureOrg('Original', {externalId: 'dup-ext'})
    const {code, json} = await runJson<{error: {code: string; hint: string; message: string}}>(
      ['orgs', 'create', '--name', 'Copy', '--external-id', 'dup-ext'],
      {env: emulator.env()},
    )
    expect(code).toBe(1)
    expect(json.error.code).toBe('already_exists')
    expect(json.error.message).toMatch(/already exists/)
    expect(json.error).toMatchObject({hint: 'skctl orgs get --external-id dup-ext'})
  })

  it('server-side validation comes back readable with exit 2', async () => {
    const {code, json} = await runJson<{error: {message: string}}>(['orgs', 'create', '--name', 'x'.repeat(201)], {
      env: emulator.env(),
    })
    expect(code).toBe(2)
    expect(json.error.message).toBe('organization.display_name: must be at most 200 characters [string.max_len]')
  })

  it('malformed --metadata exits 2 before any API call', async () => {
    const before = await emulator.stats()
    const {code, stderr} = await run(['orgs', 'create', '--name', 'Meta', '--metadata', 'oops'], {env: emulator.env()})
    expect(code).toBe(2)
    expect(stderr).toMatch(/--metadata "oops" is not key=value/)
    const after = await emulator.stats()
    expect(after.rpc).toEqual(before.rpc)
    expect(after.tokens).toBe(before.tokens)
  })

  it('an empty name exits 2', async () => {
    expect((await run(['orgs', 'create', '--name', '  '], {env: emulator.env()})).code).toBe(2)
  })

  it('a wrong client secret exits 3', async () => {
    const {code, json} = await runJson<{error: {code: string}}>(['orgs', 'list'], {
      env: emulator.env({SCALEKIT_CLIENT_SECRET: 'wrong_secret_value_1234'}),
    })
    expect(code).toBe(3)
    expect(json.error.code).toBe('auth_failed')
  })

  it('an unknown flag exits 2 and names it; an unknown command suggests one', async () => {
    const flag = await run(['orgs', 'list', '--limt', '3'], {env: emulator.env()})
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/Nonexistent flag: --limt/)
    expect(flag.stderr).toMatch(/did you mean --limit\?/)
    const command = await run(['orgs', 'lst'], {env: emulator.env()})
    expect(command.code).toBe(2)
    expect(command.stderr).toMatch(/did you mean skctl orgs list\?/)
  })
})
