import {create} from '@bufbuild/protobuf'
import type {ScalekitClient} from '@scalekit-sdk/node'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  CreateOrganizationRoleSchema,
  CreateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {failure, sdk} from './support.js'

let emulator: RunningEmulator
let client: ScalekitClient

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  client = sdk(emulator.url)
})

afterAll(async () => {
  await emulator?.close()
})

describe('DeleteOrganization', () => {
  it('takes memberships, domains, connections and org roles with it; users stay', async () => {
    const doomed = (await client.organization.createOrganization('Doomed Co')).organization!.id
    const other = (await client.organization.createOrganization('Survivor Co')).organization!.id
    await client.domain.createDomain(doomed, 'doomed.example')
    const connection = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.SAML})
    await client.connection.createConnection(doomed, connection)
    await client.role.createOrganizationRole(
      doomed,
      create(CreateOrganizationRoleSchema, {name: 'doomed_role', displayName: 'D'}),
    )
    const both = (await client.user.createUserAndMembership(doomed, {email: 'both@cascade.example'})).user!
    await client.user.createMembership(other, both.id)
    const onlyHere = (await client.user.createUserAndMembership(doomed, {email: 'only@cascade.example'})).user!

    await client.organization.deleteOrganization(doomed)

    const survivor = (await client.user.getUser(both.id)).user!
    expect(survivor.memberships.map((m) => m.organizationId)).toEqual([other])
    // A user whose only organization went away still exists, with no membership.
    expect((await client.user.getUser(onlyHere.id)).user?.memberships).toEqual([])
    expect((await client.connection.listConnectionsByDomain('doomed.example')).connections).toEqual([])
    // The domain name is free for another organization.
    expect((await client.domain.createDomain(other, 'doomed.example')).domain?.organizationId).toBe(other)
    // The role name is free again in the environment.
    expect(
      (await client.role.createRole(create(CreateRoleSchema, {name: 'doomed_role', displayName: 'D'}))).role?.isOrgRole,
    ).toBe(false)
    const gone = await failure(client.user.listOrganizationUsers(doomed))
    expect(gone.message).toBe(`[not_found] organization ${doomed} not found`)
  })
})
