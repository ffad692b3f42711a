import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {type ImportSummaryJson, members, type MemberJson, mutatingCalls} from './support.js'

const fixtures = fileURLToPath(new URL('../../fixtures/migrate/', import.meta.url))
const fixture = (path: string) => join(fixtures, path)

interface OrgJson {
  displayName: string
  externalId?: string
  id: string
  metadata: Record<string, string>
}

async function orgByExternalId(env: NodeJS.ProcessEnv, externalId: string): Promise<OrgJson> {
  const {code, json} = await runJson<OrgJson>(['orgs', 'get', '--external-id', externalId], {env})
  expect(code).toBe(0)
  return json
}

const roles = (user: MemberJson, org: string) =>
  user.memberships
    .find((m) => m.organizationId === org)
    ?.roles.map((r) => r.name)
    .sort()

function migrate(provider: string, args: string[], env: NodeJS.ProcessEnv) {
  return runJson<ImportSummaryJson>(['migrate', provider, ...args, '--yes'], {env})
}

describe('skctl migrate auth0', () => {
  const emulator = useEmulator()
  it('creates organizations first, then users with their memberships; passwords never leave the export', async () => {
    const env = emulator.env()
    const files = [
      'auth0/users.ndjson',
      'auth0/organizations.json',
      'auth0/members-acme.json',
      'auth0/members-globex.ndjson',
    ].map(fixture)
    const before = await emulator.stats()
    const plan = await runJson<ImportSummaryJson>(['migrate', 'auth0', ...files, '--dry-run'], {env})
    expect(mutatingCalls((await emulator.stats()).rpc)).toBe(mutatingCalls(before.rpc))
    expect(plan.json.organizations.created).toBe(2)

    const report = tempDir()
    const mapping = join(report, 'ids.jsonl')
    const result = await migrate('auth0', [...files, '--report', report, '--mapping-out', mapping], env)
    expect(result.json).toMatchObject({passwordHashesDropped: 1})
    expect(result.json.organizations).toMatchObject({created: 2, failed: 0})
    expect(result.json.users).toMatchObject(plan.json.users)

    const acme = await orgByExternalId(env, 'org_W2Ak6jKMwvu7N0Dj')
    expect(acme).toMatchObject({displayName: 'Acme Corporation', metadata: {region: 'eu', tier: 'gold'}})
    const globex = await orgByExternalId(env, 'org_9xQe1bLkTq0ZpR3c')
    const acmeMembers = await members(emulator, acme.id, env)
    const ada = acmeMembers.find((u) => u.email === 'ada@acme.test')!
    expect(ada.externalId).toBe('auth0|65f1a2b3c4d5e6f708192a3b')
    expect(ada.userProfile).toMatchObject({givenName: 'Ada', familyName: 'Lovelace'})
    expect(ada.metadata).toMatchObject({migrated_from: 'auth0'})
    expect(roles(ada, acme.id)).toEqual(['admin'])
    expect(roles(ada, globex.id)).toEqual(['member'])
    const grace = (await members(emulator, globex.id, env)).find((u) => u.email === 'grace@globex.test')!
    expect(roles(grace, globex.id)).toEqual(['admin', 'member'])

    const written = [
      readFileSync(join(report, 'errors.jsonl'), 'utf8'),
      readFileSync(join(report, 'retry.csv'), 'utf8'),
      result.stdout,
      result.stderr,
    ]
    for (const text of written) expect(text).not.toMatch(/\$2b\$10\$|custom_password_hash/)
    const ids = readFileSync(mapping, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as {external_id: string; scalekit_id: string; type: string})
    expect(ids).toContainEqual({
      email: '',
      external_id: 'org_W2Ak6jKMwvu7N0Dj',
      scalekit_id: acme.id,
      type: 'organization',
    })
    expect(ids).toContainEqual(
      expect.objectContaining({external_id: 'auth0|65f1a2b3c4d5e6f708192a3b', scalekit_id: ada.id, type: 'user'}),
    )

    // Idempotent: a second run finds everything and creates nothing.
    const again = await run(['migrate', 'auth0', ...files, '--yes'], {env})
    expect(again.stderr).toMatch(/1 users have password hashes/)
    expect(again.stdout).toMatch(/organizations: 0 created · 2 existing/)
    expect(again.stdout).toMatch(/users: +0 created/)
  })

  it('takes the member files people have: named after the organization, --members ORG=FILE, a map', async () => {
    const env = emulator.env()
    const base = ['auth0/users.ndjson', 'auth0/organizations.json'].map(fixture)
    const listed = await migrate(
      'auth0',
      [
        ...base,
        fixture('auth0/members-org_W2Ak6jKMwvu7N0Dj.json'),
        '--members',
        `org_9xQe1bLkTq0ZpR3c=${fixture('auth0/globex-members.json')}`,
        '--org',
        'org_9xQe1bLkTq0ZpR3c',
        '--include-disabled',
        '--job-id',
        'members-lists',
      ],
      env,
    )
    expect(listed.code).toBe(0)
    const acme = await orgByExternalId(env, 'org_W2Ak6jKMwvu7N0Dj')
    const globex = await orgByExternalId(env, 'org_9xQe1bLkTq0ZpR3c')
    const emails = async (org: string) => (await members(emulator, org, env)).map((u) => u.email).sort()
    expect(await emails(acme.id)).toEqual(['ada@acme.test', 'linus@acme.test'])
    expect(await emails(globex.id)).toContain('grace@globex.test')

    const map = await runJson<ImportSummaryJson>(
      ['migrate', 'auth0', ...base, fixture('auth0/members-by-organization.json'), '--dry-run'],
      {env},
    )
    expect(map.json.users).toMatchObject({existing: 2, failed: 1})

    const bad = await runJson<ErrorJson>(['migrate', 'auth0', ...base, '--members', 'no-equals.json', '--yes'], {env})
    expect(bad.code).toBe(2)
    expect(bad.json.error.message).toMatch(/is not ORG=FILE/)
  })
})

describe('skctl migrate workos', () => {
  const emulator = useEmulator()
  it('imports organizations with their domains, users and role memberships', async () => {
    const env = emulator.env()
    const files = ['workos/organizations.json', 'workos/users.json', 'workos/organization_memberships.ndjson'].map(
      fixture,
    )
    const result = await migrate('workos', files, env)
    expect(result.json.organizations.created).toBe(2)
    const acme = await orgByExternalId(env, 'org_01HV4Z8K3Q2W7E5R9T1Y6U0I8O')
    expect(acme.metadata).toMatchObject({tier: 'gold', workos_external_id: 'acme-42'})
    const domains = await runJson<{domains: Array<{domain: string}>}>(['domains', 'list', '--org', acme.id], {env})
    expect(domains.json.domains.map((d) => d.domain)).toEqual(['acme.test'])
    const globex = await orgByExternalId(env, 'org_01HV4ZB7N6M5L4K3J2H1G0F9E8')
    const ada = (await members(emulator, acme.id, env)).find((u) => u.email === 'ada@acme.test')!
    expect(ada.externalId).toBe('user_01HV50A1S2D3F4G5H6J7K8L9Z0')
    expect(roles(ada, acme.id)).toEqual(['admin'])
    expect(roles(ada, globex.id)).toEqual(['member'])
    // grace's role "billing" does not exist; edsger belongs to no organization and no --org was given.
    expect(result.code).toBe(5)
    expect(result.json.errors.map((e) => e.code).sort()).toEqual(['missing_organization', 'unknown_role'])
  })
})

describe('skctl migrate firebase', () => {
  const emulator = useEmulator()
  it('imports the JSON export into --org and skips disabled users; the CSV export gives the same users', async () => {
    const env = emulator.env()
    const org = await createOrganization(emulator, 'Firebase Co', 'firebase-co')
    const report = tempDir()
    const json = await migrate('firebase', [fixture('firebase/users.json'), '--org', org, '--report', report], env)
    expect(json.code).toBe(0)
    expect(json.json.users).toMatchObject({created: 3, skipped: 1, failed: 0})
    // A skipped user is reported, but is not a failure to fix and retry.
    expect(readFileSync(join(report, 'errors.jsonl'), 'utf8')).toMatch(/"code":"disabled_in_source".*linus@acme\.test/)
    expect(readFileSync(join(report, 'retry.csv'), 'utf8').trim().split('\r\n')).toHaveLength(1)
    const imported = await members(emulator, org, env)
    expect(imported.map((u) => u.email).sort()).toEqual(['ada@acme.test', 'edsger@example.test', 'grace@globex.test'])
    expect(imported.find((u) => u.email === 'ada@acme.test')).toMatchObject({
      externalId: 'x3Jd9kq2LmN7pQ1rS5tU8vW0yZ2a',
      metadata: expect.objectContaining({level: '3', tenant: 'acme'}),
    })
    const csv = await migrate('firebase', [fixture('firebase/users.csv'), '--org', org, '--dry-run'], env)
    expect(csv.json.users.failed).toBe(0)
    expect(csv.json.users.created).toBe(0)
  })
})

describe('skctl migrate cognito', () => {
  const emulator = useEmulator()
  it('places users by their custom:tenant attribute', async () => {
    const env = emulator.env()
    const acme = await createOrganization(emulator, 'Acme', 'acme')
    const globex = await createOrganization(emulator, 'Globex', 'globex')
    const result = await migrate(
      'cognito',
      [fixture('cognito/list-users.json'), '--org-attribute', 'custom:tenant'],
      env,
    )
    expect(result.code).toBe(0)
    expect(result.json.users).toMatchObject({created: 2, skipped: 1})
    expect((await members(emulator, acme, env)).map((u) => [u.email, u.externalId])).toEqual([
      ['ada@acme.test', '9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d'],
    ])
    expect((await members(emulator, globex, env)).map((u) => u.email)).toEqual(['grace@globex.test'])
    const csv = await run(
      ['migrate', 'cognito', fixture('cognito/users.csv'), '--org-attribute', 'custom:tenant', '--dry-run'],
      {env},
    )
    expect(csv.stdout).toMatch(/existing/)
  })
})
