import {
  DirectoryProvider,
  DirectoryStatus,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {afterEach, describe, expect, it} from 'vitest'
import type {EmulatorEvent} from '../../../src/emulator/events/bus.js'
import {patchOps, scimClient, scimGroup, scimUser} from '../../helpers/scim.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'
import {failure, useSdkEmulator} from './support.js'

// DirectoryService RPCs the SDK has no method for, called through the SDK's own transport.
const ctx = useSdkEmulator()
const rpc = <T = Record<string, unknown>>(method: string, request: object) =>
  sdkRpc<T>(ctx.client, 'directory', method, request)

interface Directory {
  id: string
  name: string
  directoryProvider: DirectoryProvider
  status: string
  enabled: boolean
  groupsTracked: string
  lastSyncedAt?: unknown
  directoryEndpoint: string
  roleAssignments?: {assignments: Assignment[]}
  attributeMappings?: {attributes: {key: string; mapTo: string}[]}
}
interface Assignment {
  groupId: string
  roleName: string
  roleId: string
}

let unsubscribe: (() => void) | undefined
afterEach(() => unsubscribe?.())

/** An organization with a SCIM directory that has a secret, and a SCIM client for it. */
async function directoryWithScim(name: string) {
  const org = (await ctx.client.organization.createOrganization(name)).organization!.id
  const {directory} = await ctx.client.directory.createDirectory(org, {
    directoryType: DirectoryType.SCIM,
    directoryProvider: DirectoryProvider.OKTA,
  } as Parameters<typeof ctx.client.directory.createDirectory>[1])
  const {plainSecret} = await rpc<{plainSecret: string}>('createDirectorySecret', {
    organizationId: org,
    directoryId: directory!.id,
  })
  return {org, dir: directory!.id, scim: scimClient(directory!.directoryEndpoint, plainSecret)}
}

const getDirectory = async (org: string, id: string) =>
  (await ctx.client.directory.getDirectory(org, id)).directory as unknown as Directory

async function membershipRoles(org: string, userId: string): Promise<string[]> {
  const {user} = await ctx.client.user.getUser(userId)
  return user!.memberships.find((m) => m.organizationId === org)!.roles.map((role) => role.name)
}

describe('DirectoryService settings RPCs', () => {
  it('updates a directory, keeping the fields a request leaves at zero', async () => {
    const {org, dir} = await directoryWithScim('Update Dir Co')
    const {directory} = await rpc<{directory: Directory}>('updateDirectory', {
      organizationId: org,
      id: dir,
      directory: {name: 'Okta production', directoryProvider: DirectoryProvider.MICROSOFT_AD},
    })
    expect(directory).toMatchObject({
      id: dir,
      name: 'Okta production',
      directoryProvider: DirectoryProvider.MICROSOFT_AD,
      status: 'IN_PROGRESS',
      enabled: true,
      groupsTracked: 'ALL',
    })
    await rpc('updateDirectory', {
      organizationId: org,
      id: dir,
      directory: {
        name: 'Okta production',
        status: DirectoryStatus.COMPLETED,
        mappings: [{key: 'department', mapTo: 'team'}],
      },
    })
    expect(await getDirectory(org, dir)).toMatchObject({
      name: 'Okta production',
      directoryProvider: DirectoryProvider.MICROSOFT_AD,
      status: 'COMPLETED',
      attributeMappings: {attributes: [{key: 'department', mapTo: 'team'}]},
    })

    const wrongType = await failure(
      rpc('updateDirectory', {
        organizationId: org,
        id: dir,
        directory: {name: 'LDAP', directoryType: DirectoryType.LDAP},
      }),
    )
    expect(wrongType.errorCode).toBe('INVALID_ARGUMENT')
    expect(wrongType.message).toContain('SCIM directories only')
    const missing = await failure(
      rpc('updateDirectory', {organizationId: org, id: 'dir_12345678901234567', directory: {name: 'Gone'}}),
    )
    expect(missing.errorCode).toBe('NOT_FOUND')
  })

  it('validates requests with the descriptors rules', async () => {
    const {org, dir} = await directoryWithScim('Validation Dir Co')
    const noBody = await failure(rpc('updateDirectory', {organizationId: org, id: dir}))
    expect(noBody.message).toBe('[invalid_argument] directory: value is required [required]')
    const badId = await failure(rpc('updateDirectory', {organizationId: org, id: 'x_1', directory: {name: ''}}))
    expect(badId.message).toBe(
      '[invalid_argument] id: does not have prefix `dir_` [string.prefix], directory.name: must be at least 1 characters [string.min_len]',
    )
    const noGroups = await failure(rpc('assignGroupsForDirectory', {organizationId: org, id: dir, externalIds: []}))
    expect(noGroups.message).toBe('[invalid_argument] external_ids: value is required [required]')
    const badAssignment = await failure(
      rpc('assignRoles', {organizationId: org, id: dir, roleAssignments: {assignments: [{}]}}),
    )
    expect(badAssignment.message).toBe(
      '[invalid_argument] role_assignments.assignments[0].group_id: must be at least 1 characters [string.min_len], ' +
        'role_assignments.assignments[0].role_name: value is required [required]',
    )
    const longId = await failure(
      rpc('triggerDirectorySync', {organizationId: org, directoryId: `dir_${'9'.repeat(40)}`}),
    )
    expect(longId.message).toBe('[invalid_argument] directory_id: must be at most 32 characters [string.max_len]')
    const noDir = await failure(rpc('listDirectoryGroupsSummary', {organizationId: org, directoryId: ''}))
    expect(noDir.message).toBe(
      '[invalid_argument] directory_id: must be at least 1 characters [string.min_len], ' +
        'directory_id: does not have prefix `dir_` [string.prefix]',
    )
    for (const error of [noBody, badId, noGroups, badAssignment, longId, noDir]) {
      expect(error.errorCode).toBe('INVALID_ARGUMENT')
    }
  })

  it('tracks the groups chosen by external id', async () => {
    const {org, dir} = await directoryWithScim('Tracked Groups Co')
    await rpc('assignGroupsForDirectory', {organizationId: org, id: dir, externalIds: ['00g1', '00g2', '00g1']})
    expect((await getDirectory(org, dir)).groupsTracked).toBe('SELECTED')
    const blank = await failure(rpc('assignGroupsForDirectory', {organizationId: org, id: dir, externalIds: [' ']}))
    expect(blank.errorCode).toBe('INVALID_ARGUMENT')
  })

  it('stores attribute mappings and refuses incomplete ones', async () => {
    const {org, dir} = await directoryWithScim('Attributes Co')
    const attributes = [
      {key: 'department', mapTo: 'team'},
      {key: 'title', mapTo: 'job_title'},
    ]
    const result = await rpc<{attributeMappings: {attributes: object[]}}>('updateAttributes', {
      organizationId: org,
      id: dir,
      attributeMapping: {attributes},
    })
    expect(result.attributeMappings.attributes).toMatchObject(attributes)
    expect((await getDirectory(org, dir)).attributeMappings?.attributes).toMatchObject(attributes)
    const incomplete = await failure(
      rpc('updateAttributes', {organizationId: org, id: dir, attributeMapping: {attributes: [{key: 'title'}]}}),
    )
    expect(incomplete.errorCode).toBe('INVALID_ARGUMENT')
  })

  it('lists every group in the summary and syncs an enabled directory only', async () => {
    const {org, dir, scim} = await directoryWithScim('Summary Co')
    for (const name of ['Admins', 'Engineers', 'Sales'])
      expect((await scim('POST', '/Groups', scimGroup(name))).status).toBe(201)
    const summary = await rpc<{groups: {displayName: string; totalUsers: number}[]; totalSize: number}>(
      'listDirectoryGroupsSummary',
      {organizationId: org, directoryId: dir},
    )
    expect(summary.totalSize).toBe(3)
    expect(summary.groups.map((group) => group.displayName)).toEqual(['Admins', 'Engineers', 'Sales'])

    const before = Date.now()
    await rpc('triggerDirectorySync', {organizationId: org, directoryId: dir})
    const synced = (await getDirectory(org, dir)).lastSyncedAt as {seconds: bigint}
    expect(Number(synced.seconds) * 1000).toBeGreaterThanOrEqual(before - 1000)
    await ctx.client.directory.disableDirectory(org, dir)
    const disabled = await failure(rpc('triggerDirectorySync', {organizationId: org, directoryId: dir}))
    expect(disabled.errorCode).toBe('FAILED_PRECONDITION')
    const elsewhere = await failure(
      rpc('listDirectoryGroupsSummary', {organizationId: ctx.seededOrg, directoryId: dir}),
    )
    expect(elsewhere.errorCode).toBe('NOT_FOUND')
  })

  it('maps groups to roles: a SCIM-pushed member holds the role, and loses it when removed from the group', async () => {
    const {org, dir, scim} = await directoryWithScim('Mapped Roles Co')
    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'Ada@Mapped.example'})
    expect(await membershipRoles(org, user!.id)).toEqual(['member'])
    const group = await scim<{id: string}>('POST', '/Groups', scimGroup('Engineering Admins'))

    const {roleAssignments} = await rpc<{roleAssignments: {assignments: Assignment[]}}>('assignRoles', {
      organizationId: org,
      id: dir,
      roleAssignments: {assignments: [{groupId: group.body.id, roleName: 'admin'}]},
    })
    expect(roleAssignments.assignments).toEqual([
      {
        $typeName: expect.any(String),
        groupId: group.body.id,
        roleName: 'admin',
        roleId: expect.stringMatching(/^role_/),
      },
    ])
    expect((await getDirectory(org, dir)).roleAssignments?.assignments).toMatchObject([
      {groupId: group.body.id, roleName: 'admin'},
    ])

    const events: EmulatorEvent[] = []
    unsubscribe = ctx.emulator.events.subscribe((event) => events.push(event))
    // The identity provider pushes the user, then adds it to the mapped group.
    const pushed = await scim<{id: string}>('POST', '/Users', scimUser('ada@mapped.example'))
    expect(pushed.status).toBe(201)
    expect(await membershipRoles(org, user!.id)).toEqual(['member'])
    const add = patchOps({op: 'add', path: 'members', value: [{value: pushed.body.id}]})
    expect((await scim('PATCH', `/Groups/${group.body.id}`, add)).status).toBe(200)
    expect(await membershipRoles(org, user!.id)).toEqual(['admin'])
    const updated = events.filter((event) => event.type === 'organization.directory.user_updated').at(-1)
    expect(updated?.data).toMatchObject({roles: [{role_name: 'admin'}]})

    const remove = patchOps({op: 'remove', path: `members[value eq "${pushed.body.id}"]`})
    expect((await scim('PATCH', `/Groups/${group.body.id}`, remove)).status).toBe(200)
    expect(await membershipRoles(org, user!.id)).toEqual(['member'])
  })

  it('refuses mappings to unknown groups or roles, and clearing them restores the default role', async () => {
    const {org, dir, scim} = await directoryWithScim('Mapping Errors Co')
    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'grace@errors.example'})
    const pushed = await scim<{id: string}>('POST', '/Users', scimUser('grace@errors.example'))
    const group = await scim<{id: string}>('POST', '/Groups', scimGroup('Ops', [pushed.body.id]))
    const assign = (assignments: object[]) =>
      rpc('assignRoles', {organizationId: org, id: dir, roleAssignments: {assignments}})

    const noRole = await failure(assign([{groupId: group.body.id, roleName: 'no_such_role'}]))
    expect(noRole.errorCode).toBe('NOT_FOUND')
    const noGroup = await failure(assign([{groupId: 'dirgroup_12345678901234567', roleName: 'admin'}]))
    expect(noGroup.errorCode).toBe('NOT_FOUND')
    const unnamed = await failure(assign([{groupId: group.body.id}]))
    expect(unnamed.errorCode).toBe('INVALID_ARGUMENT')
    expect(await membershipRoles(org, user!.id)).toEqual(['member'])

    await assign([{groupId: group.body.id, roleName: 'admin'}])
    expect(await membershipRoles(org, user!.id)).toEqual(['admin'])
    await assign([])
    expect(await membershipRoles(org, user!.id)).toEqual(['member'])
  })
})
