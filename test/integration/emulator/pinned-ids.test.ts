import {create} from '@bufbuild/protobuf'
import {ScalekitClient} from '@scalekit-sdk/node'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DirectoryProvider,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {PinnedIdError} from '../../../src/shared/pinned-ids.js'

// Pinned ids on the emulator's side: creates named by a pin take its id, in order; pins that collide are refused
// before anything listens (startEmulator) or with a 400 naming the id (POST /_emulator/pinned-ids).

let emulator: RunningEmulator
let scalekit: ScalekitClient

beforeAll(async () => {
  emulator = await startEmulator({
    pinnedIds: [{kind: 'organization', id: 'org_pinnedacme', externalId: 'acme'}],
  })
  scalekit = new ScalekitClient(emulator.url, emulator.clientId, emulator.clientSecret)
})
afterAll(async () => {
  await emulator.stop()
})

async function pin(body: unknown): Promise<{status: number; body: Record<string, unknown>}> {
  const basic = Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')
  const res = await fetch(`${emulator.url}/_emulator/pinned-ids`, {
    body: JSON.stringify(body),
    headers: {authorization: `Basic ${basic}`},
    method: 'POST',
  })
  return {status: res.status, body: (await res.json()) as Record<string, unknown>}
}

describe('startEmulator({pinnedIds})', () => {
  it("gives the create a pin names its id (this file's emulator starts with one for acme)", async () => {
    const {organization} = await scalekit.organization.createOrganization('Acme', {externalId: 'acme'})
    expect(organization?.id).toBe('org_pinnedacme')
  })

  it('refuses, before listening, an id the built-in seed holds', async () => {
    const start = startEmulator({
      pinnedIds: [{kind: 'organization', id: SEED_IDS.organization, externalId: 'acme'}],
    })
    await expect(start).rejects.toThrow(PinnedIdError)
    await expect(start).rejects.toThrow(/already exists as another organization \(Test Organization\)/)
  })
})

describe('pinned ids', () => {
  beforeEach(async () => {
    await emulator.reset()
  })

  it('gives a pinned organization, user, connection and directory their ids, unpinned ones new ids', async () => {
    const pins = [
      {kind: 'organization', id: 'org_acme42', externalId: 'acme'},
      {kind: 'user', id: 'usr_jane', email: 'Jane@Acme.test'},
      // An unpinned connection of the same kind comes first in the file: it must not take the pin.
      {kind: 'connection', id: null, organization: 'acme', type: 'OIDC', provider: 'okta'},
      {kind: 'connection', id: 'conn_second', organization: 'acme', type: 'OIDC', provider: 'okta'},
      {kind: 'directory', id: 'dir_acme', organization: 'acme', provider: 'okta'},
    ]
    expect(await pin({pins})).toEqual({status: 200, body: {reserved: 4}})
    const {organization} = await scalekit.organization.createOrganization('Acme', {externalId: 'acme'})
    expect(organization?.id).toBe('org_acme42')
    const other = await scalekit.organization.createOrganization('Other', {externalId: 'other'})
    expect(other.organization?.id).toMatch(/^org_\d{17}$/)

    const okta = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.OIDC})
    const first = await scalekit.connection.createConnection('org_acme42', okta)
    const second = await scalekit.connection.createConnection('org_acme42', okta)
    expect(first.connection?.id).toMatch(/^conn_\d{17}$/)
    expect(second.connection?.id).toBe('conn_second')
    const {directory} = await scalekit.directory.createDirectory('org_acme42', {
      directoryType: DirectoryType.SCIM,
      directoryProvider: DirectoryProvider.OKTA,
    } as Parameters<typeof scalekit.directory.createDirectory>[1])
    expect(directory?.id).toBe('dir_acme')

    const {user} = await scalekit.user.createUserAndMembership('org_acme42', {email: 'jane@acme.test'})
    expect(user?.id).toBe('usr_jane')
  })

  it('moves the id counter past a pinned id of its own shape, so no later create gets it again', async () => {
    const id = `org_${10n ** 16n + 500n}`
    await pin({pins: [{kind: 'organization', id, externalId: 'acme'}]})
    await scalekit.organization.createOrganization('Acme', {externalId: 'acme'})
    const next = await scalekit.organization.createOrganization('Next', {externalId: 'next'})
    expect(BigInt(next.organization!.id.slice(4))).toBeGreaterThan(10n ** 16n + 500n)
  })

  it('accepts a pin that names what already holds the id, and refuses one taken by something else', async () => {
    await pin({pins: [{kind: 'organization', id: 'org_acme42', externalId: 'acme'}]})
    await scalekit.organization.createOrganization('Acme', {externalId: 'acme'})
    expect(await pin({pins: [{kind: 'organization', id: 'org_acme42', externalId: 'acme'}]})).toEqual({
      status: 200,
      body: {reserved: 0},
    })
    const taken = await pin({pins: [{kind: 'organization', id: 'org_acme42', externalId: 'globex'}]})
    expect(taken.status).toBe(400)
    expect(taken.body).toMatchObject({error: 'pinned_id_conflict', id: 'org_acme42'})
    expect(String(taken.body.error_description)).toMatch(/already exists as another organization \(acme\)/)
    const renamed = await pin({pins: [{kind: 'organization', id: 'org_other', externalId: 'acme'}]})
    expect(renamed.body).toMatchObject({error: 'pinned_id_conflict', id: 'org_other'})
    expect(String(renamed.body.error_description)).toMatch(/organization acme already exists as org_acme42/)
  })

  it('refuses a malformed id, an unknown kind and an id pinned twice', async () => {
    const bad = await pin({pins: [{kind: 'organization', id: 'conn_x', externalId: 'a'}]})
    expect(bad.body).toMatchObject({error: 'pinned_id_conflict', id: 'conn_x'})
    expect((await pin({pins: [{kind: 'role', id: 'role_x'}]})).status).toBe(400)
    const twice = await pin({
      pins: [
        {kind: 'user', id: 'usr_a', email: 'a@a.test'},
        {kind: 'user', id: 'usr_a', email: 'b@a.test'},
      ],
    })
    expect(String(twice.body.error_description)).toMatch(/usr_a: is pinned twice/)
  })

  it('gives a pinned user who first appears by a full-stack sign-in the pinned id', async () => {
    await pin({pins: [{kind: 'user', id: 'usr_ada', email: 'ada@example.com'}]})
    const redirectUri = 'http://localhost:3000/callback'
    const authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, {
      state: 's',
      loginHint: 'ada@example.com',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    })
    const callback = new URL(await emulator.completeLogin({authorizationUrl, email: 'ada@example.com'}))
    await scalekit.authenticateWithCode(callback.searchParams.get('code')!, redirectUri)
    expect((await scalekit.user.getUser('usr_ada')).user?.email).toBe('ada@example.com')
  })

  it('keeps a pin for the next create when the create it was handed to fails', async () => {
    await scalekit.organization.createOrganization('Taken', {externalId: 'taken', slug: 'taken'})
    await pin({pins: [{kind: 'organization', id: 'org_kept', externalId: 'acme'}]})
    // Refused for its slug after the create asked for its id.
    const add = (slug: string) => scalekit.organization.createOrganization('Acme', {externalId: 'acme', slug})
    await expect(add('taken')).rejects.toThrow(/slug taken already exists/)
    expect((await add('acme')).organization?.id).toBe('org_kept')
  })

  it('forgets waiting pins on reset', async () => {
    await pin({pins: [{kind: 'organization', id: 'org_acme42', externalId: 'acme'}]})
    await emulator.reset()
    const {organization} = await scalekit.organization.createOrganization('Acme', {externalId: 'acme'})
    expect(organization?.id).not.toBe('org_acme42')
  })
})
