import {create as protoCreate} from '@bufbuild/protobuf'
import {
  CreatePermissionSchema,
  CreateRoleSchema,
  type Role as StoredRole,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {emulatorSdk, newOrganization} from '../../helpers/sdk-fixtures.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'

const emulator = useEmulator()

interface Role {
  defaultCreator: boolean
  defaultMember: boolean
  description: string
  displayName: string
  extends?: string
  id: string
  isOrgRole: boolean
  name: string
  permissions: Array<{name: string; roleName: string}>
}
interface RoleList {
  roles: Role[]
  truncated: boolean
}

const env = () => emulator.env()
const sdk = () => emulatorSdk(emulator)

async function createRole(...args: string[]): Promise<Role> {
  const {code, json, stderr} = await runJson<Role>(['roles', 'create', ...args], {env: env()})
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

/** Fixtures made in-process: the permissions commands have their own tests. */
async function createPermissions(...names: string[]): Promise<void> {
  for (const name of names) {
    await sdk().permission.createPermission(protoCreate(CreatePermissionSchema, {description: `Allows ${name}`, name}))
  }
}

/** An environment role made in-process, for tests about other commands (display name defaults to the name). */
async function seedRole(name: string, fields: {displayName?: string; permissions?: string[]} = {}): Promise<void> {
  const {displayName = name, permissions = []} = fields
  await sdk().role.createRole(protoCreate(CreateRoleSchema, {displayName, name, permissions}))
}

/** The role as the emulator stores it, with every permission it grants. */
async function storedRole(name: string): Promise<StoredRole> {
  const {role} = await sdkRpc<{role?: StoredRole}>(sdk(), 'role', 'getRole', {
    include: 'permissions:all',
    roleName: name,
  })
  if (!role) throw new Error(`the emulator answered without role ${name}`)
  return role
}

/** Whether the environment has no role of that name (any other failure fails the test). */
async function roleIsGone(name: string): Promise<boolean> {
  try {
    await storedRole(name)
    return false
  } catch (error) {
    if ((error as Error).name === 'ScalekitNotFoundException') return true
    throw error
  }
}

async function getRole(name: string, ...extra: string[]) {
  return runJson<Role & ErrorJson>(['roles', 'get', name, ...extra], {env: env()})
}

/** A new organization with one member, made through the SDK. */
async function member(tag: string) {
  const org = await newOrganization(emulator, `Roles ${tag}`, `roles-${tag}`)
  const {user} = await sdk().user.createUserAndMembership(org, {email: `${tag}@roles.example.com`})
  return {email: user!.email, org, userId: user!.id}
}

const userRoles = async (org: string, userId: string) =>
  (await sdk().user.listUserRoles(org, userId)).roles.map((r) => r.name).sort()

const sortedNames = (permissions: Array<{name: string}>) => permissions.map((p) => p.name).sort()

describe('skctl roles', () => {
  it('lists the default environment roles as JSON and as a table', async () => {
    const {code, json} = await runJson<RoleList>(['roles', 'list'], {env: env()})
    expect(code).toBe(0)
    expect(json.truncated).toBe(false)
    expect(json.roles.find((r) => r.name === 'admin')).toMatchObject({defaultCreator: true, isOrgRole: false})
    expect(json.roles.find((r) => r.name === 'member')).toMatchObject({defaultMember: true, isOrgRole: false})
    const table = await run(['roles', 'list'], {env: env()})
    expect(table.stdout).toMatch(/^NAME\s+DISPLAY NAME\s+EXTENDS\s+DEFAULT FOR\s+DESCRIPTION$/m)
    expect(table.stdout).toMatch(/^admin\s+\S.*\s+creator\b/m)
    expect(table.stdout).toMatch(/^member\s+Member\s+member\b/m)
  })

  it('creates a role with permissions, and one that extends it and inherits them', async () => {
    await createPermissions('invoices:read', 'invoices:write')
    const billing = await createRole(
      '--name',
      'billing_admin',
      '--display-name',
      'Billing admin',
      '--description',
      'Manages invoices',
      '--permission',
      'invoices:read',
      '--permission',
      'invoices:write',
    )
    expect(billing).toMatchObject({
      description: 'Manages invoices',
      displayName: 'Billing admin',
      isOrgRole: false,
      name: 'billing_admin',
    })
    expect(sortedNames(billing.permissions)).toEqual(['invoices:read', 'invoices:write'])

    const auditor = await createRole('--name', 'auditor', '--extends', 'billing_admin')
    expect(auditor).toMatchObject({displayName: 'auditor', extends: 'billing_admin'})
    const got = await getRole('auditor')
    expect(got.code).toBe(0)
    expect(got.json.permissions).toEqual(
      expect.arrayContaining([expect.objectContaining({name: 'invoices:read', roleName: 'billing_admin'})]),
    )
    const text = await run(['roles', 'get', 'auditor'], {env: env()})
    expect(text.stdout).toMatch(/^extends\s+billing_admin$/m)
    expect(text.stdout).toMatch(/^permissions\s+.*invoices:read \(from billing_admin\)/m)
  })

  it('updates only the fields given; --permission replaces the own permissions', async () => {
    await createPermissions('reports:read', 'reports:export')
    await seedRole('reporter', {displayName: 'Reporter', permissions: ['reports:read']})
    const described = await runJson<Role>(['roles', 'update', 'reporter', '--description', 'Reads reports'], {
      env: env(),
    })
    expect(described.code).toBe(0)
    expect(described.json).toMatchObject({description: 'Reads reports', displayName: 'Reporter'})
    expect(sortedNames((await storedRole('reporter')).permissions)).toEqual(['reports:read'])

    const replaced = await runJson<Role>(['roles', 'update', 'reporter', '--permission', 'reports:export'], {
      env: env(),
    })
    expect(replaced.code).toBe(0)
    const stored = await storedRole('reporter')
    expect(sortedNames(stored.permissions)).toEqual(['reports:export'])
    expect(stored).toMatchObject({description: 'Reads reports', displayName: 'Reporter'})
  })

  it("manages an organization's own roles with --org", async () => {
    const org = await newOrganization(emulator, 'Own Roles Co', 'own-roles')
    const created = await createRole('--name', 'acme_ops', '--display-name', 'Ops', '--org', 'own-roles')
    expect(created).toMatchObject({isOrgRole: true, name: 'acme_ops'})
    const orgRoles = await runJson<RoleList>(['roles', 'list', '--org', org], {env: env()})
    expect(orgRoles.json.roles.map((r) => r.name)).toContain('acme_ops')
    // Not an environment role.
    expect((await sdk().role.listRoles()).roles.map((r) => r.name)).not.toContain('acme_ops')
    expect(await roleIsGone('acme_ops')).toBe(true)

    const updated = await runJson<Role>(['roles', 'update', 'acme_ops', '--org', org, '--display-name', 'Operations'], {
      env: env(),
    })
    expect(updated.json).toMatchObject({displayName: 'Operations', isOrgRole: true})
    const deleted = await runJson(['roles', 'delete', 'acme_ops', '--org', org, '--yes'], {env: env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, name: 'acme_ops', organizationId: org}})
    expect((await getRole('acme_ops', '--org', org)).code).toBe(4)
  })

  it('refuses to delete without confirmation when there is no terminal, then deletes with --yes', async () => {
    await seedRole('short_lived')
    const refused = await runJson<ErrorJson>(['roles', 'delete', 'short_lived'], {env: env()})
    expect(refused.code).toBe(2)
    expect(refused.json.error).toMatchObject({code: 'usage', hint: 'pass --yes to confirm'})
    expect(await roleIsGone('short_lived')).toBe(false)

    const deleted = await runJson(['roles', 'delete', 'short_lived', '--yes'], {env: env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, name: 'short_lived'}})
    expect(await roleIsGone('short_lived')).toBe(true)
  })

  it('assigns and unassigns roles by user id and by email', async () => {
    const {email, org, userId} = await member('assign')
    await seedRole('support_agent')
    const assigned = await runJson<{organizationId: string; roles: Array<{name: string}>; userId: string}>(
      ['roles', 'assign', '--org', 'roles-assign', '--user', userId, 'admin', 'support_agent'],
      {env: env()},
    )
    expect(assigned.code).toBe(0)
    expect(assigned.json).toMatchObject({organizationId: org, userId})
    expect(assigned.json.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['admin', 'support_agent']))
    expect(await userRoles(org, userId)).toEqual(expect.arrayContaining(['admin', 'support_agent']))

    const removed = await runJson(['roles', 'unassign', '--org', org, '--user', email, 'support_agent'], {env: env()})
    expect(removed).toMatchObject({code: 0, json: {organizationId: org, removed: true, role: 'support_agent', userId}})
    expect(await userRoles(org, userId)).not.toContain('support_agent')
  })

  it('a role in use needs --reassign to be deleted, and its members move to the new role', async () => {
    const {org, userId} = await member('reassign')
    await seedRole('temp_role')
    await sdk().user.assignUserRoles(org, userId, ['temp_role'])

    const refused = await runJson<ErrorJson>(['roles', 'delete', 'temp_role', '--yes'], {env: env()})
    expect(refused.code).toBe(2)
    expect(refused.json.error.message).toBe('role cannot be deleted as it is assigned to users')
    expect(refused.json.error.hint).toMatch(/--reassign/)
    expect(await roleIsGone('temp_role')).toBe(false)

    const deleted = await runJson(['roles', 'delete', 'temp_role', '--reassign', 'member', '--yes'], {env: env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, name: 'temp_role', reassignedTo: 'member'}})
    const roles = await userRoles(org, userId)
    expect(roles).toContain('member')
    expect(roles).not.toContain('temp_role')
  })
})

describe('skctl roles — errors', () => {
  it.each([
    [['roles', 'create', '--name', 'bad-name'], 'bad-name'],
    [['roles', 'create', '--name', 'ok_name', '--extends', 'bad base'], 'bad base'],
    [['roles', 'create', '--name', 'ok_name', '--permission', 'no spaces'], 'no spaces'],
    [['roles', 'create', '--name', 'x'.repeat(65)], 'x'.repeat(65)],
    [['roles', 'get', 'bad.name'], 'bad.name'],
    [['roles', 'update', 'bad-name', '--description', 'x'], 'bad-name'],
    [['roles', 'delete', 'ok_name', '--reassign', 'bad-name', '--yes'], 'bad-name'],
    [['roles', 'assign', '--org', 'org_1', '--user', 'usr_1', 'admin', 'bad-role'], 'bad-role'],
    [['roles', 'unassign', '--org', 'org_1', '--user', 'usr_1', 'bad role'], 'bad role'],
  ])('%j exits 2 before any call', async (args, value) => {
    const {code, json} = await withoutCalls(emulator, () => runJson<ErrorJson>(args, {env: env()}))
    expect(code).toBe(2)
    expect(json.error.code).toBe('invalid_input')
    expect(json.error.message).toContain(`"${value}"`)
  })

  it('update with nothing to change exits 2 before any call', async () => {
    const {code, stderr} = await withoutCalls(emulator, () => run(['roles', 'update', 'admin'], {env: env()}))
    expect(code).toBe(2)
    expect(stderr).toMatch(/nothing to update/)
  })

  it('a duplicate role exits 1 with "already exists" (Scalekit answers INVALID_ARGUMENT; the name is looked up)', async () => {
    await seedRole('twice')
    const {code, json} = await runJson<ErrorJson>(['roles', 'create', '--name', 'twice'], {env: env()})
    expect(code).toBe(1)
    expect(json.error).toMatchObject({code: 'already_exists', message: 'role twice already exists'})
    expect(json.error.hint).toMatch(/skctl roles update twice/)
  })

  it('an unknown role exits 4 and names it', async () => {
    for (const args of [
      ['roles', 'get', 'no_such_role'],
      ['roles', 'update', 'no_such_role', '--description', 'x'],
      ['roles', 'delete', 'no_such_role', '--yes'],
    ]) {
      const {code, json} = await runJson<ErrorJson>(args, {env: env()})
      expect(code).toBe(4)
      expect(json.error.message).toContain('no_such_role')
    }
  })

  it('assigning an unknown role or to a non-member exits 4', async () => {
    const {org, userId} = await member('unknown')
    const role = await runJson<ErrorJson>(['roles', 'assign', '--org', org, '--user', userId, 'ghost_role'], {
      env: env(),
    })
    expect(role.code).toBe(4)
    expect(role.json.error.message).toContain('ghost_role')
    const stranger = await newOrganization(emulator, 'Strangers')
    const outsider = await runJson<ErrorJson>(['roles', 'assign', '--org', stranger, '--user', userId, 'admin'], {
      env: env(),
    })
    expect(outsider.code).toBe(4)
    expect(outsider.json.error.message).toContain(userId)
  })
})
