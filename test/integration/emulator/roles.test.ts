import {create} from '@bufbuild/protobuf'
import {
  CreateOrganizationRoleSchema,
  CreatePermissionSchema,
  CreateRoleSchema,
  UpdateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {describe, expect, it} from 'vitest'
import {failure, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

const role = (name: string, fields: {extends?: string; permissions?: string[]; description?: string} = {}) =>
  create(CreateRoleSchema, {name, displayName: name.toUpperCase(), ...fields})
const permission = (name: string, description = '') => create(CreatePermissionSchema, {name, description})

async function permissions(...names: string[]): Promise<void> {
  for (const name of names) await ctx.client.permission.createPermission(permission(name, `may ${name}`))
}

describe('RolesService: environment roles', () => {
  it('seeds the default roles admin (creator) and member (member)', async () => {
    const {roles} = await ctx.client.role.listRoles()
    expect(
      roles.map(({name, displayName, defaultCreator, defaultMember, isOrgRole}) => ({
        name,
        displayName,
        defaultCreator,
        defaultMember,
        isOrgRole,
      })),
    ).toEqual([
      {name: 'admin', displayName: 'Admin', defaultCreator: true, defaultMember: false, isOrgRole: false},
      {name: 'member', displayName: 'Member', defaultCreator: false, defaultMember: true, isOrgRole: false},
    ])
    expect(roles[0]?.id).toMatch(/^role_\d{17}$/)
  })

  it('creates, reads, updates and deletes a role; names are unique', async () => {
    await permissions('reports:read')
    const created = (await ctx.client.role.createRole(role('analyst', {permissions: ['reports:read']}))).role!
    expect(created).toMatchObject({name: 'analyst', displayName: 'ANALYST', isOrgRole: false})
    expect(created.permissions.map((p) => p.name)).toEqual(['reports:read'])

    const updated = await ctx.client.role.updateRole(
      'analyst',
      create(UpdateRoleSchema, {displayName: 'Analyst', description: 'Reads reports'}),
    )
    expect(updated.role).toMatchObject({displayName: 'Analyst', description: 'Reads reports'})
    expect((await ctx.client.role.getRole('analyst')).role?.description).toBe('Reads reports')

    const duplicate = await failure(ctx.client.role.createRole(role('analyst')))
    expect(duplicate.errorCode).toBe('INVALID_ARGUMENT')
    expect(duplicate.name).toBe('ScalekitBadRequestException')
    expect(duplicate.message).toBe('[invalid_argument] role analyst already exists')

    await ctx.client.role.deleteRole('analyst')
    const gone = await failure(ctx.client.role.getRole('analyst'))
    expect(gone.name).toBe('ScalekitNotFoundException')
    expect(gone.message).toBe('[not_found] role analyst not found')
  })

  it('enforces the name pattern and unknown permissions', async () => {
    const badName = await failure(ctx.client.role.createRole(role('no spaces')))
    expect(badName.message).toBe(
      '[invalid_argument] role.name: does not match regex pattern `^[a-zA-Z0-9_]{1,64}$` [string.pattern]',
    )
    const unknown = await failure(ctx.client.role.createRole(role('ghost_role', {permissions: ['ghost:do']})))
    expect(unknown.message).toBe('[not_found] permission ghost:do not found')
  })

  it('inherits permissions through extends and lists them with and without inheritance', async () => {
    await permissions('docs:read', 'docs:write')
    await ctx.client.role.createRole(role('reader', {permissions: ['docs:read']}))
    await ctx.client.role.createRole(role('writer', {extends: 'reader', permissions: ['docs:write']}))

    const direct = await ctx.client.permission.listRolePermissions('writer')
    expect(direct.permissions.map((p) => p.name)).toEqual(['docs:write'])
    const effective = await ctx.client.permission.listEffectiveRolePermissions('writer')
    expect(effective.permissions.map((p) => p.name)).toEqual(['docs:write', 'docs:read'])

    expect((await ctx.client.role.getRole('reader')).role?.dependentRolesCount).toBe(1)
    expect((await ctx.client.role.listDependentRoles('reader')).roles.map((r) => r.name)).toEqual(['writer'])
    const cycle = await failure(ctx.client.role.updateRole('reader', create(UpdateRoleSchema, {extends: 'writer'})))
    expect(cycle.message).toBe('[invalid_argument] role reader cannot extend writer: roles may not extend themselves')
    const base = await failure(ctx.client.role.deleteRole('reader'))
    expect(base.errorCode).toBe('FAILED_PRECONDITION')
    expect(base.message).toBe('[failed_precondition] role reader is the base of writer; remove their base role first')

    await ctx.client.role.deleteRoleBase('writer')
    expect((await ctx.client.role.getRole('writer')).role?.extends).toBeUndefined()
    expect((await ctx.client.permission.listEffectiveRolePermissions('writer')).permissions.map((p) => p.name)).toEqual(
      ['docs:write'],
    )
  })

  it('refuses to delete a role in use unless its users are reassigned', async () => {
    await ctx.client.role.createRole(role('temp_role'))
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {email: 'temp@roles.example'})
    await ctx.client.user.assignUserRoles(ctx.seededOrg, user!.id, ['temp_role'])
    expect(Number((await ctx.client.role.getRoleUsersCount('temp_role')).count)).toBe(1)

    const inUse = await failure(ctx.client.role.deleteRole('temp_role'))
    expect(inUse.name).toBe('ScalekitBadRequestException')
    expect(inUse.errorCode).toBe('INVALID_ARGUMENT')
    expect(inUse.message).toBe('[invalid_argument] role cannot be deleted as it is assigned to users')
    await ctx.client.role.deleteRole('temp_role', 'admin')
    const roles = (await ctx.client.user.listUserRoles(ctx.seededOrg, user!.id)).roles.map((r) => r.name)
    expect(roles).toEqual(['member', 'admin'])
  })

  it('moves the defaults and protects the default roles from deletion', async () => {
    await ctx.client.role.createRole(role('newcomer'))
    const defaults = await ctx.client.role.updateDefaultRoles({defaultMemberRole: 'newcomer'})
    expect(defaults.defaultMember).toMatchObject({name: 'newcomer', defaultMember: true})
    expect(defaults.defaultCreator).toMatchObject({name: 'admin', defaultCreator: true})
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {email: 'newcomer@roles.example'})
    expect(user?.memberships[0]?.roles.map((r) => r.name)).toEqual(['newcomer'])

    const protectedRole = await failure(ctx.client.role.deleteRole('newcomer', 'member'))
    expect(protectedRole.message).toBe(
      '[failed_precondition] role newcomer is a default role of the environment; make another role the default first',
    )
    await ctx.client.role.updateDefaultRoles({defaultMemberRole: 'member'})
    expect((await ctx.client.role.getRole('member')).role?.defaultMember).toBe(true)
  })
})

describe('RolesService: organization roles', () => {
  it('lists an organization role alongside the environment roles', async () => {
    const org = (await ctx.client.organization.createOrganization('Org Roles Co')).organization!.id
    const created = await ctx.client.role.createOrganizationRole(
      org,
      create(CreateOrganizationRoleSchema, {name: 'auditor', displayName: 'Auditor'}),
    )
    expect(created.role).toMatchObject({name: 'auditor', isOrgRole: true})
    const listed = (await ctx.client.role.listOrganizationRoles(org)).roles.map((r) => `${r.name}:${r.isOrgRole}`)
    expect(listed).toEqual(expect.arrayContaining(['admin:false', 'member:false', 'auditor:true']))
    expect((await ctx.client.role.listRoles()).roles.map((r) => r.name)).not.toContain('auditor')
    expect((await ctx.client.role.getOrganizationRole(org, 'auditor')).role?.displayName).toBe('Auditor')

    const clash = await failure(
      ctx.client.role.createOrganizationRole(
        org,
        create(CreateOrganizationRoleSchema, {name: 'admin', displayName: 'A'}),
      ),
    )
    expect(clash.message).toBe('[invalid_argument] role admin already exists')

    const defaults = await ctx.client.role.updateDefaultOrganizationRoles(org, 'auditor')
    expect(defaults.defaultMember).toMatchObject({name: 'auditor', defaultMember: true})
    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'auditor@orgroles.example'})
    expect(user?.memberships[0]?.roles).toMatchObject([{name: 'auditor', displayName: 'Auditor'}])
    expect(Number((await ctx.client.role.getOrganizationRoleUsersCount(org, 'auditor')).count)).toBe(1)

    const updated = await ctx.client.role.updateOrganizationRole(
      org,
      'auditor',
      create(UpdateRoleSchema, {description: 'x'}),
    )
    expect(updated.role?.description).toBe('x')
    const envRole = await failure(ctx.client.role.deleteOrganizationRole(org, 'member'))
    expect(envRole.message).toBe('[not_found] role member not found')
  })

  it('deletes organization roles that are no base, moving their holders to another role', async () => {
    const org = (await ctx.client.organization.createOrganization('Reshuffle Co')).organization!.id
    const orgRole = (name: string, base?: string) =>
      create(CreateOrganizationRoleSchema, {name, displayName: name, extends: base})
    await ctx.client.role.createOrganizationRole(org, orgRole('lead'))
    await ctx.client.role.createOrganizationRole(org, orgRole('deputy', 'lead'))
    const base = await failure(ctx.client.role.deleteOrganizationRole(org, 'lead'))
    expect(base.message).toBe('[failed_precondition] role lead is the base of deputy; remove their base role first')
    await ctx.client.role.deleteOrganizationRoleBase(org, 'deputy')
    expect((await ctx.client.role.getOrganizationRole(org, 'deputy')).role?.extends).toBeUndefined()

    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'lead@reshuffle.example'})
    await ctx.client.user.assignUserRoles(org, user!.id, ['lead'])
    const inUse = await failure(ctx.client.role.deleteOrganizationRole(org, 'lead'))
    expect(inUse.message).toBe('[invalid_argument] role cannot be deleted as it is assigned to users')
    await ctx.client.role.deleteOrganizationRole(org, 'lead', 'deputy')
    expect((await ctx.client.user.listUserRoles(org, user!.id)).roles.map((r) => r.name)).toEqual(['member', 'deputy'])
    expect((await failure(ctx.client.role.getOrganizationRole(org, 'lead'))).message).toBe(
      '[not_found] role lead not found',
    )
  })

  it("deletes the organization's default member role; new members then get the environment default", async () => {
    const org = (await ctx.client.organization.createOrganization('Default Drop Co')).organization!.id
    await ctx.client.role.createOrganizationRole(
      org,
      create(CreateOrganizationRoleSchema, {name: 'newbie', displayName: 'Newbie'}),
    )
    await ctx.client.role.updateDefaultOrganizationRoles(org, 'newbie')
    await ctx.client.role.deleteOrganizationRole(org, 'newbie')
    expect((await failure(ctx.client.role.getOrganizationRole(org, 'newbie'))).errorCode).toBe('NOT_FOUND')
    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'after@defaultdrop.example'})
    expect(user?.memberships[0]?.roles.map((r) => r.name)).toEqual(['member'])
  })

  it('disappears with its organization', async () => {
    const org = (await ctx.client.organization.createOrganization('Short Lived Co')).organization!.id
    await ctx.client.role.createOrganizationRole(
      org,
      create(CreateOrganizationRoleSchema, {name: 'tmp', displayName: 'T'}),
    )
    await ctx.client.organization.deleteOrganization(org)
    const other = (await ctx.client.organization.createOrganization('Next Co')).organization!.id
    // The name is free again, and the deleted organization's roles are unreachable.
    await ctx.client.role.createOrganizationRole(
      other,
      create(CreateOrganizationRoleSchema, {name: 'tmp', displayName: 'T'}),
    )
    const missing = await failure(ctx.client.role.listOrganizationRoles(org))
    expect(missing.message).toBe(`[not_found] organization ${org} not found`)
  })
})

describe('RolesService: permissions', () => {
  it('creates, lists in pages, renames and deletes permissions', async () => {
    await permissions('billing:read', 'billing:write')
    const got = (await ctx.client.permission.getPermission('billing:read')).permission
    expect(got).toMatchObject({name: 'billing:read', description: 'may billing:read', isScalekitPermission: false})
    expect(got?.id).toMatch(/^perm_\d{17}$/)

    const first = await ctx.client.permission.listPermissions(undefined, 1)
    expect(first.permissions).toHaveLength(1)
    expect(first.totalSize).toBeGreaterThanOrEqual(2)
    const second = await ctx.client.permission.listPermissions(first.nextPageToken, 1)
    expect(second.permissions[0]?.name).not.toBe(first.permissions[0]?.name)

    await ctx.client.role.createRole(role('biller', {permissions: ['billing:write']}))
    await ctx.client.permission.updatePermission('billing:write', permission('billing:manage', 'may bill'))
    expect((await ctx.client.permission.listRolePermissions('biller')).permissions.map((p) => p.name)).toEqual([
      'billing:manage',
    ])
    await ctx.client.permission.deletePermission('billing:manage')
    expect((await ctx.client.permission.listRolePermissions('biller')).permissions).toEqual([])
    const gone = await failure(ctx.client.permission.getPermission('billing:manage'))
    expect(gone.message).toBe('[not_found] permission billing:manage not found')

    const duplicate = await failure(ctx.client.permission.createPermission(permission('billing:read')))
    expect(duplicate.errorCode).toBe('INVALID_ARGUMENT')
    expect(duplicate.message).toBe('[invalid_argument] permission billing:read already exists')
    const badName = await failure(ctx.client.permission.createPermission(permission('billing read')))
    expect(badName.message).toBe(
      '[invalid_argument] permission.name: Permission name can only contain letters, numbers, underscores (_), and colons (:) — spaces and special characters are not allowed [permission.name.format]',
    )
  })

  it('adds permissions to a role and removes them', async () => {
    await permissions('team:read', 'team:write')
    await ctx.client.role.createRole(role('team_lead'))
    const added = await ctx.client.permission.addPermissionsToRole('team_lead', [
      'team:read',
      'team:write',
      'team:read',
    ])
    expect(added.permissions.map((p) => p.name)).toEqual(['team:read', 'team:write'])
    await ctx.client.permission.removePermissionFromRole('team_lead', 'team:read')
    expect((await ctx.client.permission.listRolePermissions('team_lead')).permissions.map((p) => p.name)).toEqual([
      'team:write',
    ])
    const notGranted = await failure(ctx.client.permission.removePermissionFromRole('team_lead', 'team:read'))
    expect(notGranted.message).toBe('[not_found] permission team:read is not granted to role team_lead')
  })

  it('gives users the permissions of their roles, inherited ones included', async () => {
    await permissions('wiki:read', 'wiki:edit')
    await ctx.client.role.createRole(role('wiki_reader', {permissions: ['wiki:read']}))
    await ctx.client.role.createRole(role('wiki_editor', {extends: 'wiki_reader', permissions: ['wiki:edit']}))
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {email: 'editor@wiki.example'})
    const assigned = await ctx.client.user.assignUserRoles(ctx.seededOrg, user!.id, ['wiki_editor'])
    expect(assigned.roles.map((r) => r.name)).toEqual(['member', 'wiki_editor'])
    const granted = await ctx.client.user.listUserPermissions(ctx.seededOrg, user!.id)
    expect(granted.permissions.map((p) => p.name)).toEqual(['wiki:edit', 'wiki:read'])
    expect((await ctx.client.user.getUser(user!.id)).user?.memberships[0]?.permissions).toEqual([
      'wiki:edit',
      'wiki:read',
    ])

    await ctx.client.user.removeUserRole(ctx.seededOrg, user!.id, 'wiki_editor')
    expect((await ctx.client.user.listUserRoles(ctx.seededOrg, user!.id)).roles.map((r) => r.name)).toEqual(['member'])
    expect((await ctx.client.user.listUserPermissions(ctx.seededOrg, user!.id)).permissions).toEqual([])
    const notAssigned = await failure(ctx.client.user.removeUserRole(ctx.seededOrg, user!.id, 'wiki_editor'))
    expect(notAssigned.message).toBe(
      `[not_found] role wiki_editor is not assigned to user ${user!.id} in organization ${ctx.seededOrg}`,
    )
    const unknown = await failure(ctx.client.user.assignUserRoles(ctx.seededOrg, user!.id, ['viewer']))
    expect(unknown.message).toBe('[not_found] role viewer not found')
  })
})
