import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {create} from '@bufbuild/protobuf'
import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  CreateOrganizationRoleSchema,
  CreatePermissionSchema,
  CreateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {startEmulator} from '../../../src/emulator/index.js'
import {basicAuth, killSpawnedEmulators, sdk, spawnEmulator} from './support.js'

let dataDir: string

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'skctl-emulator-'))
})

afterEach(async () => {
  await killSpawnedEmulators()
  rmSync(dataDir, {recursive: true, force: true})
})

async function allOrganizations(url: string) {
  const client = sdk(url)
  const organizations = []
  let pageToken: string | undefined
  do {
    const page = await client.organization.listOrganization({pageSize: 100, pageToken})
    organizations.push(...page.organizations)
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  return organizations.map(({id, displayName, externalId}) => ({id, displayName, externalId}))
}

/** Every seeded id a test might hard-code: the organization, its domains and connection, the roles. */
async function seededIds(url: string) {
  const client = sdk(url)
  const organization = (await allOrganizations(url)).find((org) => org.displayName === 'Test Organization')!
  const domains = (await client.domain.listDomains(organization.id)).domains.map((domain) => domain.id)
  const connections = (await client.connection.listConnections(organization.id)).connections.map((c) => c.id)
  const roles = (await client.role.listRoles()).roles.map((role) => role.id)
  return {organization: organization.id, domains, connections, roles}
}

async function jwksKid(url: string): Promise<string> {
  const {keys} = (await (await fetch(`${url}/keys`)).json()) as {keys: Array<{kid: string}>}
  return keys[0]!.kid
}

describe('--data-dir (in process)', () => {
  it('keeps organizations, ids, the id counter and the signing key across restarts', async () => {
    const first = await startEmulator({port: 0, dataDir})
    const client = sdk(first.url)
    const kept = (await client.organization.createOrganization('Kept', {externalId: 'kept-1'})).organization!
    const newest = (await client.organization.createOrganization('Newest')).organization!
    await client.organization.deleteOrganization(newest.id)
    const before = await allOrganizations(first.url)
    const kid = await jwksKid(first.url)
    await first.close()

    const second = await startEmulator({port: 0, dataDir})
    try {
      expect(await allOrganizations(second.url)).toEqual(before)
      expect(before.map((org) => org.displayName)).toEqual(['Kept', 'Test Organization'])
      expect((await sdk(second.url).organization.getOrganizationByExternalId('kept-1')).organization?.id).toBe(kept.id)
      expect(await jwksKid(second.url)).toBe(kid)
      // The deleted newest id is never handed out again.
      const next = (await sdk(second.url).organization.createOrganization('After restart')).organization!
      expect(BigInt(next.id.slice(4)) > BigInt(newest.id.slice(4))).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('reports the data directory in health and refuses a second emulator on it', async () => {
    const first = await startEmulator({port: 0, dataDir})
    try {
      const health = (await (await fetch(`${first.url}/_emulator/health`)).json()) as {dataDir: string}
      expect(health.dataDir).toBe(dataDir)
      await expect(startEmulator({port: 0, dataDir})).rejects.toThrow(/in use by another emulator/)
    } finally {
      await first.close()
    }
  })

  it('persists a reset', async () => {
    const first = await startEmulator({port: 0, dataDir})
    await sdk(first.url).organization.createOrganization('Before reset')
    await fetch(`${first.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
    await first.close()
    const second = await startEmulator({port: 0, dataDir})
    try {
      expect((await allOrganizations(second.url)).map((org) => org.displayName)).toEqual(['Test Organization'])
    } finally {
      await second.close()
    }
  })

  it('keeps the seeded ids fixed across a reset and a restart, and never hands them out again', async () => {
    const expected = {
      organization: 'org_10000000000000001',
      domains: ['dom_10000000000000002', 'dom_10000000000000003'],
      connections: ['conn_10000000000000004'],
      roles: ['role_10000000000000006', 'role_10000000000000007'],
    }
    const first = await startEmulator({port: 0, dataDir})
    const client = sdk(first.url)
    expect(await seededIds(first.url)).toEqual(expected)
    const beforeReset = (await client.organization.createOrganization('Before reset')).organization!
    await fetch(`${first.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
    expect(await seededIds(first.url)).toEqual(expected)
    const afterReset = (await client.organization.createOrganization('After reset')).organization!
    const connection = (
      await client.connection.createConnection(
        afterReset.id,
        create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.OIDC}),
      )
    ).connection!
    await first.close()

    const second = await startEmulator({port: 0, dataDir})
    try {
      expect(await seededIds(second.url)).toEqual(expected)
      const afterRestart = (await sdk(second.url).organization.createOrganization('After restart')).organization!
      // New ids come after every id handed out before, seeded or not: none is ever taken twice.
      const numbers = [beforeReset.id, afterReset.id, connection.id, afterRestart.id].map((id) =>
        BigInt(id.split('_')[1]!),
      )
      expect(numbers).toEqual([...numbers].sort((a, b) => (a < b ? -1 : 1)))
      expect(numbers[0]! > 10_000_000_000_000_007n).toBe(true)
    } finally {
      await second.close()
    }
  })
})

/** A data directory written by skctl before its LMDB store: JSON lines, a snapshot and a journal of the writes since. */
const LEGACY = fileURLToPath(new URL('../../fixtures/legacy-data-dir/', import.meta.url))

describe('a data directory of the older JSON-lines files', () => {
  beforeEach(() => cpSync(LEGACY, dataDir, {recursive: true}))

  it('is moved into the store: its records, deletes and id counter kept, a torn last line dropped, the files gone', async () => {
    appendFileSync(join(dataDir, 'journal.jsonl'), '[{"op":"put","collection":"organizations","record":{"id":"org_9')
    const first = await startEmulator({port: 0, dataDir})
    try {
      const client = sdk(first.url)
      expect((await allOrganizations(first.url)).map((org) => org.displayName)).toEqual([
        'Survivor',
        'Test Organization',
      ])
      const [user] = (await client.user.listUsers({pageSize: 10})).users
      expect(user?.email).toBe('kept@survivor.example')
      expect(user?.memberships.map((membership) => membership.organizationId)).toEqual(['org_10000000000000008'])
      // Above the deleted organization's id (org_10000000000000011), the last the older files handed out.
      const next = (await client.organization.createOrganization('After the move')).organization!.id
      expect(BigInt(next.split('_')[1]!)).toBeGreaterThan(10000000000000011n)
      expect(readdirSync(dataDir).filter((file) => file.endsWith('.jsonl'))).toEqual([])
    } finally {
      await first.close()
    }
    const second = await startEmulator({port: 0, dataDir})
    expect((await allOrganizations(second.url)).map((org) => org.displayName)).toEqual([
      'After the move',
      'Survivor',
      'Test Organization',
    ])
    await second.close()
  })

  it('is refused, and left as it was, when a line in the middle is corrupt', async () => {
    const journal = join(dataDir, 'journal.jsonl')
    writeFileSync(journal, `not json\n${readFileSync(journal, 'utf8')}`)
    const before = readFileSync(journal, 'utf8')
    await expect(startEmulator({port: 0, dataDir})).rejects.toThrow(/journal.jsonl: line 1 is not valid JSON/)
    expect(readFileSync(journal, 'utf8')).toBe(before)
    expect(existsSync(join(dataDir, 'snapshot.jsonl'))).toBe(true)
  })

  it('gets the environment and default roles when it was written before they existed', async () => {
    const snapshot = join(dataDir, 'snapshot.jsonl')
    const older = readFileSync(snapshot, 'utf8')
      .split('\n')
      .filter((line) => !line.includes('"collection":"environments"') && !line.includes('"collection":"roles"'))
    writeFileSync(snapshot, older.join('\n'))

    const second = await startEmulator({port: 0, dataDir})
    try {
      const client = sdk(second.url)
      expect((await client.role.listRoles()).roles.map((role) => role.name)).toEqual(['admin', 'member'])
      const org = (await client.organization.listOrganization()).organizations[0]!.id
      const {user} = await client.user.createUserAndMembership(org, {email: 'upgraded@example.com'})
      expect(user?.memberships[0]?.roles.map((role) => role.name)).toEqual(['member'])
    } finally {
      await second.close()
    }
  })
})

/** Users, memberships, roles, permissions, domains and connections: what the newer services store. */
async function populate(url: string) {
  const client = sdk(url)
  const org = (await client.organization.createOrganization('Persisted Co')).organization!.id
  await client.domain.createDomain(org, 'persisted.example')
  const connection = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.SAML})
  await client.connection.createConnection(org, connection)
  await client.permission.createPermission(create(CreatePermissionSchema, {name: 'kept:read', description: ''}))
  await client.role.createRole(
    create(CreateRoleSchema, {name: 'keeper', displayName: 'Keeper', permissions: ['kept:read']}),
  )
  await client.role.createOrganizationRole(org, create(CreateOrganizationRoleSchema, {name: 'local', displayName: 'L'}))
  await client.role.updateDefaultRoles({defaultMemberRole: 'keeper'})
  const user = (
    await client.user.createUserAndMembership(org, {email: 'kept@persisted.example', sendInvitationEmail: true})
  ).user!
  await client.user.assignUserRoles(org, user.id, ['local'])
  return {org, userId: user.id}
}

/** Everything `populate` wrote, as the SDK reads it back. */
async function readBack(url: string, org: string, userId: string) {
  const client = sdk(url)
  const user = (await client.user.getUser(userId)).user!
  return {
    email: user.email,
    memberships: user.memberships.map((m) => ({
      org: m.organizationId,
      status: m.membershipStatus,
      roles: m.roles.map((r) => r.name),
    })),
    domains: (await client.domain.listDomains(org)).domains.map((d) => d.domain),
    connections: (await client.connection.listConnections(org)).connections.map((c) => c.provider),
    roles: (await client.role.listOrganizationRoles(org)).roles.map((r) => `${r.name}:${r.defaultMember}`),
    permissions: (await client.permission.listEffectiveRolePermissions('keeper')).permissions.map((p) => p.name),
  }
}

const EXPECTED = {
  email: 'kept@persisted.example',
  memberships: [{status: MembershipStatus.PENDING_INVITE, roles: ['keeper', 'local']}],
  domains: ['persisted.example'],
  connections: [ConnectionProvider.OKTA],
  roles: ['admin:false', 'member:false', 'keeper:true', 'local:false'],
  permissions: ['kept:read'],
}

describe('--data-dir keeps every collection', () => {
  it('keeps users, memberships, roles, permissions, domains and connections across a restart', async () => {
    const first = await startEmulator({port: 0, dataDir})
    const {org, userId} = await populate(first.url)
    const before = await readBack(first.url, org, userId)
    expect(before).toMatchObject({...EXPECTED, memberships: [{org, ...EXPECTED.memberships[0]}]})
    await first.close()

    const second = await startEmulator({port: 0, dataDir})
    try {
      expect(await readBack(second.url, org, userId)).toEqual(before)
    } finally {
      await second.close()
    }
  })
})

describe('main.ts as a separate process', () => {
  // One kill -9 for both kinds of write: each start of main.ts through tsx costs seconds.
  it('loses no acknowledged write — organizations, users, memberships, roles — to kill -9', async () => {
    const first = spawnEmulator(['--data-dir', dataDir, '--quiet'])
    const ready = await first.ready
    expect(ready).toMatchObject({event: 'ready', url: `http://127.0.0.1:${ready.port}`, dataDir, pid: first.child.pid})
    const client = sdk(ready.url)
    const created: string[] = []
    for (let i = 0; i < 20; i++)
      created.push((await client.organization.createOrganization(`Durable ${i}`)).organization!.id)
    const {org, userId} = await populate(ready.url)
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')

    const second = spawnEmulator(['--data-dir', dataDir, '--quiet'])
    const url = (await second.ready).url
    const ids = (await allOrganizations(url)).map((o) => o.id)
    expect(ids).toEqual(expect.arrayContaining([...created, org]))
    // The 20, the populated one and the seeded Test Organization.
    expect(ids).toHaveLength(created.length + 2)
    expect(await readBack(url, org, userId)).toEqual({...EXPECTED, memberships: [{org, ...EXPECTED.memberships[0]}]})
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
  })

  it('takes its client id from argv and its secret from the environment', async () => {
    const spawned = spawnEmulator(['--client-id', 'skc_from_argv', '--quiet'], {
      SKCTL_EMULATOR_CLIENT_SECRET: 'secret_from_env',
    })
    const ready = await spawned.ready
    expect(ready).toMatchObject({clientId: 'skc_from_argv', dataDir: null})
    const token = await fetch(`${ready.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'skc_from_argv',
        client_secret: 'secret_from_env',
      }),
    })
    expect(token.status).toBe(200)

    const busy = spawnEmulator(['--port', String(ready.port), '--quiet'])
    const failed = await busy.exited
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(`port ${ready.port} on 127.0.0.1 is already in use`)

    spawned.child.kill('SIGINT')
    expect((await spawned.exited).code).toBe(0)
  })

  it('exits 2 on bad arguments', async () => {
    const unknown = await spawnEmulator(['--bogus']).exited
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'[\s\S]*usage:/)
    const badPort = await spawnEmulator(['--port', 'eighty']).exited
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toContain('--port eighty is not a port number')
  })
})
