import {create} from '@bufbuild/protobuf'
import {
  CreateOrganizationRoleSchema,
  CreateRoleSchema,
  UpdateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {describe, expect, it} from 'vitest'
import {useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

const orgRole = (name: string, base?: string) =>
  create(CreateOrganizationRoleSchema, {name, displayName: name, extends: base})

describe('RolesService: dependent role counts', () => {
  it('counts the roles whose base resolves to a role, across organizations and after a base changes', async () => {
    const {role} = ctx.client
    await role.createRole(create(CreateRoleSchema, {name: 'base_role', displayName: 'Base'}))
    await role.createRole(create(CreateRoleSchema, {name: 'env_child', displayName: 'Env child', extends: 'base_role'}))
    const acme = (await ctx.client.organization.createOrganization('Acme')).organization!.id
    const globex = (await ctx.client.organization.createOrganization('Globex')).organization!.id
    // An organization role may extend an environment role; each organization's roles extend its own.
    await role.createOrganizationRole(acme, orgRole('acme_child', 'base_role'))
    for (const org of [acme, globex]) await role.createOrganizationRole(org, orgRole('lead'))
    await role.createOrganizationRole(acme, orgRole('deputy', 'lead'))
    await role.createOrganizationRole(globex, orgRole('deputy', 'lead'))
    await role.createOrganizationRole(globex, orgRole('assistant', 'lead'))
    const count = async (name: string, org?: string) =>
      (org ? await role.getOrganizationRole(org, name) : await role.getRole(name)).role?.dependentRolesCount
    expect(await count('base_role')).toBe(2)
    expect(await count('lead', acme)).toBe(1)
    expect(await count('lead', globex)).toBe(2)
    await role.updateRole('env_child', create(UpdateRoleSchema, {displayName: 'Env child', extends: 'admin'}))
    expect(await count('base_role')).toBe(1)
    expect(await count('admin')).toBe(1)
  })
})
