import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Api} from '../../../src/api/client.js'
import {createConnection, listConnections} from '../../../src/api/connections.js'
import {createDirectory} from '../../../src/api/directories.js'
import {addDomain} from '../../../src/api/domains.js'
import {createOrganization, listOrganizations, updateFeatures} from '../../../src/api/organizations.js'
import {collect} from '../../../src/api/paginate.js'
import {createPermission} from '../../../src/api/permissions.js'
import {createRole} from '../../../src/api/roles.js'
import {createUser, listUsers} from '../../../src/api/users.js'
import {ProfileStore} from '../../../src/config/profiles.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {planAgainst} from '../../../src/env/compute.js'
import {loadEnvFile} from '../../../src/env/load.js'
import {cleanEnv, run, runJson, start} from '../../helpers/cli.js'
import {makeCertificate} from '../../helpers/certificates.js'
import {useEmulator} from '../../helpers/emulator.js'
import {fakeKeychain} from '../../helpers/fake-keychain.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'

// One source emulator (built through the SDK), and fresh targets the exported file is applied to.
const source = useEmulator()
let dir: string
let exported: Awaited<ReturnType<typeof runJson>>
const targets: RunningEmulator[] = []
const SECRET = {ACME_42_OKTA_OIDC_CLIENT_SECRET: 'oidc-client-secret-from-the-environment'}

const apiFor = (url: string) =>
  new Api({clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, environmentUrl: url})
const envFor = (url: string, extra: NodeJS.ProcessEnv = {}) =>
  cleanEnv({
    SCALEKIT_CLIENT_ID: DEFAULT_CLIENT_ID,
    SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    SCALEKIT_ENVIRONMENT_URL: url,
    ...SECRET,
    ...extra,
  })

/** What `env plan -f FILE` computes, in-process: for tests that only need to know whether anything is left to do. */
async function changesLeft(url: string, file: string, extra: NodeJS.ProcessEnv = {}) {
  const {spec} = await loadEnvFile(file, {...SECRET, ...extra})
  return (await planAgainst(apiFor(url), spec, {prune: false})).plan.changes
}

async function freshTarget(): Promise<RunningEmulator> {
  const target = await startEmulator({port: 0})
  targets.push(target)
  return target
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skctl-env-'))
  const api = apiFor(source.url)
  await createPermission(api, 'invoices:read', 'Read invoices')
  await createRole(api, {displayName: 'Billing', name: 'billing', permissions: ['invoices:read']})
  const org = await createOrganization(api, {externalId: 'acme-42', metadata: {plan: 'enterprise'}, name: 'Acme Corp'})
  await updateFeatures(api, org.id, [{enabled: true, name: 'sso'}])
  await addDomain(api, org.id, 'acme.com', 'organization')
  await addDomain(api, org.id, 'acme-partners.com', 'allowed-email')
  await createRole(api, {displayName: 'Support', name: 'acme_support', permissions: ['invoices:read']}, org.id)
  await createConnection(api, org.id, {
    changes: {oidc: {clientId: 'cid', clientSecret: 'secret', issuer: 'https://acme.okta.com'}, uiButtonTitle: 'Okta'},
    enable: true,
    provider: 'okta',
    type: 'OIDC',
  })
  const certificate = makeCertificate().pem
  await createConnection(api, org.id, {
    changes: {
      saml: {idpCertificate: certificate, idpEntityId: 'https://idp.acme.com', idpSsoUrl: 'https://idp.acme.com/sso'},
    },
    enable: false,
    provider: 'custom',
    type: 'SAML',
  })
  await createDirectory(api, org.id, 'okta')
  await createUser(api, org.id, {email: 'jane@acme.com', firstName: 'Jane', invite: false, roles: ['billing']})
  await createOrganization(api, {externalId: 'globex-7', name: 'Globex'})
  // The export every test starts from; the first test checks it.
  exported = await runJson(['env', 'export', '--include', 'users', '-o', join(dir, 'env.yaml')], {env: source.env()})
})

afterAll(async () => {
  for (const target of targets) await target.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('env export, apply and plan', () => {
  it('exports in a stable order, applies to a fresh environment, and the plan then shows no changes', async () => {
    const file = join(dir, 'env.yaml')
    expect(exported.code).toBe(0)
    expect(exported.json).toEqual({
      organizations: 2,
      output: file,
      secrets: ['ACME_42_OKTA_OIDC_CLIENT_SECRET'],
      skippedOrganizations: 1,
      skippedUsers: 0,
      users: 1,
    })
    const again = await run(['env', 'export', '--include', 'users'], {env: source.env()})
    expect(again.stdout).toBe(readFileSync(file, 'utf8'))
    expect(again.stdout).toContain('clientSecret: ${ACME_42_OKTA_OIDC_CLIENT_SECRET}')
    expect(again.stdout).not.toContain('secret\n')

    const target = await freshTarget()
    const applied = await runJson<{applied: number; failed: unknown[]}>(['env', 'apply', '-f', file], {
      env: envFor(target.url),
    })
    expect(applied.code, applied.stdout).toBe(0)
    expect(applied.json.failed).toEqual([])
    const plan = await runJson(['env', 'plan', '-f', file, '--prune'], {env: envFor(target.url)})
    expect(plan.code, JSON.stringify(plan.json)).toBe(0)
    expect(plan.json).toMatchObject({changed: false, changes: [], summary: {create: 0, delete: 0, update: 0}})

    // Applying again creates nothing: no create RPC reaches the environment, and nothing is duplicated.
    const before = (await (await fetch(`${target.url}/_emulator/stats`, {headers: basic()})).json()) as Stats
    const human = await run(['env', 'apply', '-f', file], {env: envFor(target.url)})
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('No changes: the environment matches.')
    const after = (await (await fetch(`${target.url}/_emulator/stats`, {headers: basic()})).json()) as Stats
    expect(writes(after).filter((m) => (after.rpc[m] ?? 0) !== (before.rpc[m] ?? 0))).toEqual([])
  })

  it('plan exits 6 with the changes, field by field, as JSON and as a readable plan', async () => {
    const file = join(dir, 'drift.yaml')
    writeFileSync(
      file,
      [
        'version: 1',
        'organizations:',
        '  acme-42:',
        '    name: Acme Corporation',
        '    metadata: {plan: enterprise, region: eu}',
        '    domains: [acme.com, acme.io]',
        '  initech:',
        '    name: "Initech \\e[31m"',
        '',
      ].join('\n'),
    )
    const {code, json} = await runJson<{changed: boolean; changes: unknown[]}>(['env', 'plan', '-f', file], {
      env: source.env(),
    })
    expect(code).toBe(6)
    expect(json.changed).toBe(true)
    expect(json.changes).toEqual([
      {
        action: 'update',
        fields: [
          {field: 'name', from: 'Acme Corp', to: 'Acme Corporation'},
          {field: 'metadata.region', to: 'eu'},
        ],
        id: expect.stringMatching(/^org_/),
        key: 'acme-42',
        resource: 'organization',
      },
      {action: 'create', fields: [{field: 'name', to: 'Initech \u001b[31m'}], key: 'initech', resource: 'organization'},
      {
        action: 'create',
        fields: [{field: 'type', to: 'organization'}],
        key: 'acme.io',
        organization: 'acme-42',
        resource: 'domain',
      },
    ])
    const human = await run(['env', 'plan', '-f', file], {env: source.env()})
    expect(human.code).toBe(6)
    expect(human.stdout).toContain('~ update organization acme-42 (org_')
    expect(human.stdout).toContain('    name: "Acme Corp" → "Acme Corporation"')
    expect(human.stdout).toContain('+ create organization initech\n    name: "Initech \\u001b[31m"')
    expect(human.stdout).not.toContain('\u001b')
    expect(human.stdout).toContain('3 changes: 2 to create, 1 to update, 0 to delete.')
  })
})

interface Stats {
  rpc: Record<string, number>
}
const basic = () => ({
  authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`,
})
const writes = (stats: Stats) => Object.keys(stats.rpc).filter((m) => /\/(Create|Update|Delete|Add|Assign)/.test(m))

describe('env apply after failures', () => {
  it('converges after writes whose answers were lost and rate limits, with no duplicates', async () => {
    const file = join(dir, 'env.yaml')
    const target = await freshTarget()
    // `internal`, not `unavailable`: the SDK itself resends an UNAVAILABLE call, which no caller can make safe.
    const faults = {
      failAfterWrite: {code: 'internal', fraction: 0.5},
      methods: [
        'ConnectionService/CreateConnection',
        'DirectoryService/CreateDirectory',
        'DomainService/CreateDomain',
        'OrganizationService/CreateOrganization',
        'RolesService/CreateOrganizationRole',
        'RolesService/CreatePermission',
        'RolesService/CreateRole',
        'UserService/CreateUserAndMembership',
      ],
      rateLimit: {burst: 5, perSecond: 200},
      seed: 7,
    }
    const set = await fetch(`${target.url}/_emulator/api-faults`, {
      body: JSON.stringify(faults),
      headers: {...basic(), 'content-type': 'application/json'},
      method: 'POST',
    })
    expect(set.status).toBe(200)
    const first = await runJson<{failed: unknown[]}>(['env', 'apply', '-f', file], {env: envFor(target.url)})
    expect([0, 5], JSON.stringify(first.json)).toContain(first.code)
    const stats = (await (await fetch(`${target.url}/_emulator/stats`, {headers: basic()})).json()) as {
      faults: {failedAfterWrite: number; rateLimited: number}
    }
    // The run met lost answers after writes (and, at this rate, possibly rate limits) and still did the work once.
    expect(stats.faults.failedAfterWrite).toBeGreaterThan(0)
    await fetch(`${target.url}/_emulator/api-faults`, {headers: basic(), method: 'DELETE'})
    if (first.code === 5) expect((await run(['env', 'apply', '-f', file], {env: envFor(target.url)})).code).toBe(0)
    expect(await changesLeft(target.url, file)).toEqual([])
    const api = apiFor(target.url)
    const orgs = (await collect(listOrganizations(api))).items.filter((o) => o.externalId)
    expect(orgs.map((o) => o.externalId).sort()).toEqual(['acme-42', 'globex-7'])
    const acme = orgs.find((o) => o.externalId === 'acme-42')!
    const connections = (await collect(listConnections(api, {organizationId: acme.id}))).items
    expect(connections.map((c) => c.type).sort()).toEqual(['OIDC', 'SAML'])
    const users = (await collect(listUsers(api, {}))).items.filter((u) => u.email === 'jane@acme.com')
    expect(users).toHaveLength(1)
  })
})

describe('the README example', () => {
  it('applies to a fresh environment, which then matches it', async () => {
    const target = await freshTarget()
    const env = envFor(target.url, {ACME_OKTA_CLIENT_SECRET: 'example-secret-value'})
    const applied = await run(['env', 'apply', '-f', 'examples/env.yaml'], {env})
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stderr).toContain('Applied 15 changes: 15 created, 0 updated, 0 deleted.')
    expect(applied.stdout).not.toContain('example-secret-value')
    expect(
      await changesLeft(target.url, 'examples/env.yaml', {ACME_OKTA_CLIENT_SECRET: 'example-secret-value'}),
    ).toEqual([])
  })
})

describe('env apply killed in the middle', () => {
  it('converges when run again after kill -9, with nothing created twice', async () => {
    let created = 0
    const running: {kill?: () => void} = {}
    // The emulator's request log says when a write has been served: the kill lands in the middle of the run.
    const target = await startEmulator({
      log: (line) => {
        if (/^rpc \S*CreateOrganization ok/.test(line) && ++created === 4) running.kill?.()
      },
      port: 0,
    })
    targets.push(target)
    const file = join(dir, 'many.yaml')
    const orgs = Array.from({length: 12}, (_, i) => `  bulk-${i}: {name: Bulk ${i}, domains: [bulk${i}.example.com]}`)
    writeFileSync(file, ['version: 1', 'organizations:', ...orgs, ''].join('\n'))
    const first = start(['env', 'apply', '-f', file, '--concurrency', '2'], envFor(target.url))
    running.kill = () => first.child.kill('SIGKILL')
    expect((await first.exited).code).toBeNull()
    expect(created).toBeLessThan(12)
    const again = await run(['env', 'apply', '-f', file], {env: envFor(target.url)})
    expect(again.code, again.stderr).toBe(0)
    expect(await changesLeft(target.url, file)).toEqual([])
    const names = (await collect(listOrganizations(apiFor(target.url)))).items.map((o) => o.externalId).filter(Boolean)
    expect(names).toHaveLength(12)
    expect(new Set(names).size).toBe(12)
  })
})

describe('env apply --prune', () => {
  it('deletes only after confirmation: without a terminal it needs --yes', async () => {
    const target = await freshTarget()
    const api = apiFor(target.url)
    await createOrganization(api, {externalId: 'stale-1', name: 'Stale'})
    const file = join(dir, 'prune.yaml')
    writeFileSync(file, 'version: 1\norganizations:\n  kept-1: {name: Kept}\n')
    const refused = await runJson<ErrorJson>(['env', 'apply', '-f', file, '--prune'], {env: envFor(target.url)})
    expect(refused.code).toBe(2)
    expect(refused.json.error.hint).toBe('pass --yes to confirm')
    const names = async () =>
      (await collect(listOrganizations(api))).items
        .map((o) => o.externalId)
        .filter(Boolean)
        .sort()
    expect(await names()).toEqual(['stale-1'])
    const applied = await runJson(['env', 'apply', '-f', file, '--prune', '--yes'], {env: envFor(target.url)})
    expect(applied.code).toBe(0)
    expect(applied.json).toMatchObject({applied: 2, summary: {create: 1, delete: 1, update: 0}})
    expect(await names()).toEqual(['kept-1'])
  })
})

describe('bad environment files', () => {
  it('exit 2 before any call, naming the file, line, column and path', async () => {
    const cases: Array<[string, RegExp]> = [
      ['version: 1\norganizations:\n  a: {name: [\n', /^bad\.yaml has 2 problems:\n {2}bad\.yaml:4:1 /],
      [
        'version: 1\norganizations:\n  a:\n    name: A\n    domains: [not_a_domain]\n',
        /^bad\.yaml:5:15 organizations\[a\]\.domains\[0\]: not a domain name$/,
      ],
      ['version: 1\norganizations:\n  a: {name: A, id: org_1}\n  b: {name: B, id: org_1}\n', /pinned twice/],
      [
        'version: 1\norganizations:\n  a:\n    name: A\n    connections: [{type: OIDC, provider: okta, oidc: {clientSecret: "${UNSET_SECRET}"}}]\n',
        /\$\{UNSET_SECRET\} is not set in the environment$/,
      ],
    ]
    const file = join(dir, 'bad.yaml')
    // Through the CLI once (exit 2, no call made); the other files through the loader `env plan` runs first.
    writeFileSync(file, cases[0]![0])
    const {code, json} = await withoutCalls(source, () =>
      runJson<ErrorJson>(['env', 'plan', '-f', file], {env: source.env()}),
    )
    expect(code).toBe(2)
    expect(json.error.message).toMatch(cases[0]![1])
    for (const [text, message] of cases.slice(1)) {
      writeFileSync(file, text)
      await expect(loadEnvFile(file, {}), text).rejects.toMatchObject({
        exit: 2,
        message: expect.stringMatching(message),
      })
    }
  })
})

describe('env diff', () => {
  it('compares two profiles, and a file with a profile', async () => {
    const target = await freshTarget()
    await createOrganization(apiFor(target.url), {externalId: 'globex-7', name: 'Globex Inc'})
    const env = cleanEnv({...SECRET, SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET})
    // The two profiles `skctl login --profile NAME` would save (login itself is tested in its own file).
    const profiles = await ProfileStore.open(env.SKCTL_CONFIG_DIR!, fakeKeychain(false))
    for (const [profile, environmentUrl] of [
      ['staging', source.url],
      ['production', target.url],
    ] as const) {
      await profiles.save(
        profile,
        {clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, environmentUrl},
        {activate: true},
      )
    }
    const diff = await runJson<{changed: boolean; changes: Array<Record<string, unknown>>}>(
      ['env', 'diff', '--from', 'staging', '--to', 'production'],
      {env},
    )
    expect(diff.code).toBe(6)
    expect(diff.json.changed).toBe(true)
    expect(diff.json.changes).toContainEqual(
      expect.objectContaining({action: 'create', key: 'acme-42', resource: 'organization'}),
    )
    expect(diff.json.changes).toContainEqual({
      action: 'update',
      fields: [{field: 'name', from: 'Globex Inc', to: 'Globex'}],
      id: expect.stringMatching(/^org_/),
      key: 'globex-7',
      resource: 'organization',
    })
    const same = await run(['env', 'diff', '--from', join(dir, 'env.yaml'), '--to', 'staging'], {env})
    expect(same.code, same.stdout).toBe(0)
    expect(same.stdout).toContain('No changes: the environment matches.')
  })
})
