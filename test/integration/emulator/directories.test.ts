import {
  DirectoryProvider,
  DirectoryService,
  DirectoryType,
  SecretStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {EmulatorEvent} from '../../../src/emulator/events/bus.js'
import {startEmulator} from '../../../src/emulator/index.js'
import {scim, scimClient, scimGroup, scimUser} from '../../helpers/scim.js'
import {tempDir} from '../../helpers/tmp.js'
import {clientToken, failure, grpcClient, sdk, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()
let directories: ReturnType<typeof grpcClient<typeof DirectoryService>>

beforeAll(async () => {
  directories = grpcClient(DirectoryService, ctx.emulator.url, await clientToken(ctx.emulator.url))
})

const events: EmulatorEvent[] = []
let unsubscribe: (() => void) | undefined
afterEach(() => {
  unsubscribe?.()
  events.length = 0
})
function recordEvents() {
  unsubscribe = ctx.emulator.events.subscribe((event) => events.push(event))
}

async function newOrganization(name: string): Promise<string> {
  return (await ctx.client.organization.createOrganization(name)).organization!.id
}

async function newDirectory(organizationId: string, provider = DirectoryProvider.OKTA) {
  const {directory} = await ctx.client.directory.createDirectory(organizationId, {
    directoryType: DirectoryType.SCIM,
    directoryProvider: provider,
  } as Parameters<typeof ctx.client.directory.createDirectory>[1])
  return directory!
}

/** A directory with a bearer secret and `users` users provisioned over SCIM. */
async function provisioned(name: string, users: number) {
  const org = await newOrganization(name)
  const directory = await newDirectory(org)
  const {plainSecret} = await directories.createDirectorySecret({organizationId: org, directoryId: directory.id})
  const client = scimClient(directory.directoryEndpoint, plainSecret)
  const ids: string[] = []
  for (let i = 0; i < users; i++) {
    const {status, body} = await client<{id: string}>('POST', '/Users', scimUser(`user${i}@${name}.example`))
    expect(status).toBe(201)
    ids.push(body.id)
  }
  return {org, directory, token: plainSecret, client, ids}
}

describe('DirectoryService', () => {
  it('creates, gets and lists SCIM directories with their endpoint', async () => {
    const org = await newOrganization('Directory Co')
    expect((await ctx.client.directory.listDirectories(org)).directories).toEqual([])
    const rejection = await ctx.client.directory
      .getPrimaryDirectoryByOrganizationId(org)
      .catch((error: unknown) => error)
    expect(rejection).toBe('directory does not exist for organization')

    const created = await newDirectory(org, DirectoryProvider.MICROSOFT_AD)
    expect(created.id).toMatch(/^dir_\d{17}$/)
    expect(created).toMatchObject({
      organizationId: org,
      directoryType: DirectoryType.SCIM,
      directoryProvider: DirectoryProvider.MICROSOFT_AD,
      enabled: true,
      status: 'DRAFT',
      totalUsers: 0,
      totalGroups: 0,
      secrets: [],
      directoryEndpoint: `${ctx.emulator.url}/directory/${created.id}/scim/v2`,
    })
    const {directory} = await ctx.client.directory.getDirectory(org, created.id)
    expect(directory).toEqual(created)
    expect((await ctx.client.directory.listDirectories(org)).directories.map((d) => d.id)).toEqual([created.id])
    expect((await ctx.client.directory.getPrimaryDirectoryByOrganizationId(org)).id).toBe(created.id)

    const rest = await fetch(`${ctx.emulator.url}/api/v1/organizations/${org}/directories`, {
      headers: {authorization: `Bearer ${await clientToken(ctx.emulator.url)}`},
    })
    expect(await rest.json()).toMatchObject({
      directories: [
        {id: created.id, directory_provider: 'MICROSOFT_AD', directory_endpoint: created.directoryEndpoint},
      ],
    })
  })

  it('refuses unknown organizations, directories of other organizations and non-SCIM types', async () => {
    const org = await newOrganization('Lookup Co')
    const other = await newOrganization('Other Lookup Co')
    const directory = await newDirectory(org)
    const elsewhere = await failure(ctx.client.directory.getDirectory(other, directory.id))
    expect(elsewhere).toMatchObject({
      errorCode: 'NOT_FOUND',
      message: `[not_found] directory ${directory.id} not found`,
    })
    const noOrg = await failure(ctx.client.directory.listDirectories('org_404'))
    expect(noOrg.message).toBe('[not_found] organization org_404 not found')
    const ldap = await failure(
      ctx.client.directory.createDirectory(org, {directoryType: DirectoryType.LDAP} as Parameters<
        typeof ctx.client.directory.createDirectory
      >[1]),
    )
    expect(ldap.message).toBe('[invalid_argument] the emulator serves SCIM directories only, not LDAP')
  })

  it('enables and disables a directory, announcing each change once', async () => {
    const org = await newOrganization('Toggle Co')
    const directory = await newDirectory(org)
    recordEvents()
    expect((await ctx.client.directory.disableDirectory(org, directory.id)).enabled).toBe(false)
    expect((await ctx.client.directory.disableDirectory(org, directory.id)).enabled).toBe(false)
    expect((await ctx.client.directory.getDirectory(org, directory.id)).directory?.enabled).toBe(false)
    expect((await ctx.client.directory.enableDirectory(org, directory.id)).enabled).toBe(true)
    expect(events.map((event) => event.type)).toEqual([
      'organization.directory_disabled',
      'organization.directory_enabled',
    ])
    expect(events[0]).toMatchObject({
      object: 'Directory',
      organizationId: org,
      data: {id: directory.id, organization_id: org, directory_type: 'SCIM', provider: 'OKTA', enabled: false},
    })
    expect(events[1]!.data).toMatchObject({enabled: true, last_sync_at: null, status: 'DRAFT'})
    expect(Date.parse(events[1]!.data.updated_at as string)).not.toBeNaN()
  })

  it('shows a secret once, keeps only its suffix, and regenerating replaces it', async () => {
    const org = await newOrganization('Secret Co')
    const directory = await newDirectory(org)
    const request = {organizationId: org, directoryId: directory.id}
    const first = await directories.createDirectorySecret(request)
    expect(first.plainSecret.length).toBeGreaterThanOrEqual(40)
    expect(first.secret).toMatchObject({
      directoryId: directory.id,
      secretSuffix: first.plainSecret.slice(-4),
      status: SecretStatus.ACTIVE,
    })
    const again = await directories.createDirectorySecret(request).catch((error: Error) => error)
    expect(String(again)).toContain(`directory ${directory.id} already has a secret; regenerate it to replace it`)

    const {directory: read} = await ctx.client.directory.getDirectory(org, directory.id)
    expect(read?.status).toBe('IN_PROGRESS')
    expect(read?.secrets.map((s) => s.secretSuffix)).toEqual([first.plainSecret.slice(-4)])
    expect(JSON.stringify(read, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      first.plainSecret,
    )

    const second = await directories.regenerateDirectorySecret(request)
    expect(second.plainSecret).not.toBe(first.plainSecret)
    const endpoint = directory.directoryEndpoint
    expect((await scim(endpoint, first.plainSecret, 'GET', '/Users')).status).toBe(401)
    expect((await scim(endpoint, second.plainSecret, 'GET', '/Users')).status).toBe(200)
    // The identity provider has connected: setup is complete.
    expect((await ctx.client.directory.getDirectory(org, directory.id)).directory?.status).toBe('COMPLETED')

    const fresh = await newDirectory(org)
    const nothingToRegenerate = await directories
      .regenerateDirectorySecret({organizationId: org, directoryId: fresh.id})
      .catch((error: Error) => error)
    expect(String(nothingToRegenerate)).toContain(`directory ${fresh.id} has no secret to regenerate; create one first`)
  })

  it('pages directory users and filters them by group and update time, with details on request', async () => {
    const {org, directory, client, ids} = await provisioned('paging', 5)
    const group = await client<{id: string}>('POST', '/Groups', scimGroup('Engineering', [ids[1]!, ids[3]!]))
    expect(group.status).toBe(201)

    const seen: string[] = []
    let pageToken = ''
    do {
      const page = await ctx.client.directory.listDirectoryUsers(org, directory.id, {pageSize: 2, pageToken})
      expect(page.totalSize).toBe(5)
      expect(page.users.length).toBeLessThanOrEqual(2)
      seen.push(...page.users.map((user) => user.id))
      pageToken = page.nextPageToken
    } while (pageToken)
    expect(seen).toEqual(ids)

    const engineers = await ctx.client.directory.listDirectoryUsers(org, directory.id, {
      directoryGroupId: group.body.id,
    })
    expect(engineers.users.map((user) => user.id)).toEqual([ids[1], ids[3]])
    expect(engineers.totalSize).toBe(2)
    expect(engineers.users[0]).toMatchObject({
      email: 'user1@paging.example',
      emails: ['user1@paging.example'],
      preferredUsername: 'user1@paging.example',
      givenName: 'user1',
      familyName: 'Tester',
      groups: [{id: group.body.id, displayName: 'Engineering', totalUsers: 2}],
    })
    expect(engineers.users[0]!.userDetail).toBeUndefined()

    // The members' update times moved with the group membership: the newest is the boundary.
    const {users} = await ctx.client.directory.listDirectoryUsers(org, directory.id, {includeDetail: true})
    const times = users.map((user) => Number(user.updatedAt!.seconds) * 1000 + user.updatedAt!.nanos / 1e6)
    const newest = Math.max(...times)
    const since = (ms: number) =>
      ctx.client.directory.listDirectoryUsers(org, directory.id, {updatedAfter: new Date(ms).toISOString()})
    expect((await since(newest)).users).toEqual([])
    const justBefore = (await since(newest - 1)).users.map((user) => user.id)
    expect(justBefore).toEqual(users.filter((_user, i) => times[i] === newest).map((user) => user.id))
    expect(justBefore).toEqual(expect.arrayContaining([ids[1], ids[3]]))
    expect((await since(0)).totalSize).toBe(5)

    expect(users[1]!.userDetail).toMatchObject({
      id: ids[1],
      organization_id: org,
      preferred_username: 'user1@paging.example',
      email: 'user1@paging.example',
      active: true,
      given_name: 'user1',
      family_name: 'Tester',
      groups: [{id: group.body.id, name: 'Engineering'}],
      roles: [],
    })

    const unknownGroup = await failure(
      ctx.client.directory.listDirectoryUsers(org, directory.id, {directoryGroupId: 'dirgroup_10000000000000001'}),
    )
    expect(unknownGroup.errorCode).toBe('NOT_FOUND')
  })

  it('pages directory groups with member counts, update-time filter and details', async () => {
    const {org, directory, client, ids} = await provisioned('groups', 2)
    const created: string[] = []
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      created.push((await client<{id: string}>('POST', '/Groups', scimGroup(name, [ids[0]!]))).body.id)
    }
    const first = await ctx.client.directory.listDirectoryGroups(org, directory.id, {pageSize: 2})
    expect(first).toMatchObject({totalSize: 3})
    expect(first.groups.map((g) => g.displayName)).toEqual(['Alpha', 'Beta'])
    const second = await ctx.client.directory.listDirectoryGroups(org, directory.id, {
      pageSize: 2,
      pageToken: first.nextPageToken,
    })
    expect(second.groups.map((g) => g.id)).toEqual([created[2]])
    expect(second.nextPageToken).toBe('')

    const gamma = second.groups[0]!
    const gammaTime = Number(gamma.updatedAt!.seconds) * 1000 + gamma.updatedAt!.nanos / 1e6
    const after = await ctx.client.directory.listDirectoryGroups(org, directory.id, {
      updatedAfter: new Date(gammaTime).toISOString(),
    })
    expect(after.groups).toEqual([])
    const detailed = await ctx.client.directory.listDirectoryGroups(org, directory.id, {includeDetail: true})
    expect(detailed.groups[0]).toMatchObject({displayName: 'Alpha', totalUsers: 1})
    expect(detailed.groups[0]!.groupDetail).toMatchObject({
      id: created[0],
      directory_id: directory.id,
      display_name: 'Alpha',
      external_id: null,
      organization_id: org,
    })

    const {directory: read} = await ctx.client.directory.getDirectory(org, directory.id)
    expect(read).toMatchObject({totalUsers: 2, totalGroups: 3, stats: {totalUsers: 2, totalGroups: 3}})
    expect(read?.lastSyncedAt).toBeDefined()
    expect(read?.secrets[0]?.lastUsedTime).toBeDefined()
  })

  it('deleting a directory or its organization removes its users, groups and secret', async () => {
    const {org, directory, token, client} = await provisioned('doomed', 1)
    await client('POST', '/Groups', scimGroup('Doomed'))
    await ctx.client.directory.deleteDirectory(org, directory.id)
    expect((await failure(ctx.client.directory.getDirectory(org, directory.id))).errorCode).toBe('NOT_FOUND')
    expect((await scim(directory.directoryEndpoint, token, 'GET', '/Users')).status).toBe(401)

    const second = await provisioned('cascade', 1)
    await ctx.client.organization.deleteOrganization(second.org)
    expect((await scim(second.directory.directoryEndpoint, second.token, 'GET', '/Users')).status).toBe(401)
    // The user name is free again: nothing of the directory is left behind in the indexes.
    const third = await provisioned('cascade', 1)
    expect(third.ids).toHaveLength(1)
  })
})

describe('directories in a data directory', () => {
  it('keep their users and their secret across a restart', async () => {
    const dataDir = tempDir('skctl-directories-')
    const first = await startEmulator({port: 0, dataDir})
    let endpoint: string
    let plainSecret: string
    let org: string
    try {
      const client = sdk(first.url)
      org = (await client.organization.createOrganization('Durable Co')).organization!.id
      const {directory} = await client.directory.createDirectory(org, {
        directoryType: DirectoryType.SCIM,
      } as Parameters<typeof client.directory.createDirectory>[1])
      const rpc = grpcClient(DirectoryService, first.url, await clientToken(first.url))
      ;({plainSecret} = await rpc.createDirectorySecret({organizationId: org, directoryId: directory!.id}))
      endpoint = directory!.directoryEndpoint
      expect((await scim(endpoint, plainSecret, 'POST', '/Users', scimUser('kept@durable.example'))).status).toBe(201)
    } finally {
      await first.close()
    }
    const second = await startEmulator({port: 0, dataDir})
    try {
      const moved = endpoint.replace(first.url, second.url)
      const list = await scim<{totalResults: number}>(moved, plainSecret, 'GET', '/Users')
      expect(list).toMatchObject({status: 200, body: {totalResults: 1}})
    } finally {
      await second.close()
    }
  })
})
