import {create} from '@bufbuild/protobuf'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  CreateOrganizationRoleSchema,
  CreateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {describe, expect, it} from 'vitest'
import {failure, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

describe('DeleteOrganization', () => {
  it('takes memberships, domains, connections and org roles with it; users stay', async () => {
    const doomed = (await ctx.client.organization.createOrganization('Doomed Co')).organization!.id
    const other = (await ctx.client.organization.createOrganization('Survivor Co')).organization!.id
    await ctx.client.domain.createDomain(doomed, 'doomed.example')
    const connection = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.SAML})
    await ctx.client.connection.createConnection(doomed, connection)
    await ctx.client.role.createOrganizationRole(
      doomed,
      create(CreateOrganizationRoleSchema, {name: 'doomed_role', displayName: 'D'}),
    )
    const both = (await ctx.client.user.createUserAndMembership(doomed, {email: 'both@cascade.example'})).user!
    await ctx.client.user.createMembership(other, both.id)
    const onlyHere = (await ctx.client.user.createUserAndMembership(doomed, {email: 'only@cascade.example'})).user!

    await ctx.client.organization.deleteOrganization(doomed)

    const survivor = (await ctx.client.user.getUser(both.id)).user!
    expect(survivor.memberships.map((m) => m.organizationId)).toEqual([other])
    // A user whose only organization went away still exists, with no membership.
    expect((await ctx.client.user.getUser(onlyHere.id)).user?.memberships).toEqual([])
    expect((await ctx.client.connection.listConnectionsByDomain('doomed.example')).connections).toEqual([])
    // The domain name is free for another organization.
    expect((await ctx.client.domain.createDomain(other, 'doomed.example')).domain?.organizationId).toBe(other)
    // The role name is free again in the environment.
    expect(
      (await ctx.client.role.createRole(create(CreateRoleSchema, {name: 'doomed_role', displayName: 'D'}))).role
        ?.isOrgRole,
    ).toBe(false)
    const gone = await failure(ctx.client.user.listOrganizationUsers(doomed))
    expect(gone.message).toBe(`[not_found] organization ${doomed} not found`)
  })
})
