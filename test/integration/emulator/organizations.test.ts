import {timestampMs} from '@bufbuild/protobuf/wkt'
import {ConnectError} from '@connectrpc/connect'
import type {ScalekitClient} from '@scalekit-sdk/node'
import {TimeUnit} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {SessionPolicyType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {basicAuth, clientToken, failure, organizationGrpcClient, sdk} from './support.js'

let emulator: RunningEmulator
let client: ScalekitClient

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  client = sdk(emulator.url)
})

afterAll(async () => {
  await emulator?.close()
})

describe('OrganizationService through the real SDK', () => {
  it('creates an organization with Scalekit-shaped ids and fields', async () => {
    const before = Date.now()
    const {organization} = await client.organization.createOrganization('Acme Corp', {
      externalId: 'acme-001',
      slug: 'acme',
      logoUrl: 'https://acme.example/logo.png',
    })
    expect(organization?.id).toMatch(/^org_\d{17}$/)
    expect(organization).toMatchObject({
      displayName: 'Acme Corp',
      externalId: 'acme-001',
      slug: 'acme',
      logoUrl: 'https://acme.example/logo.png',
      regionCode: 1, // US
    })
    expect(timestampMs(organization!.createTime!)).toBeGreaterThanOrEqual(before - 1000)
    expect(organization!.updateTime).toEqual(organization!.createTime)
  })

  it('hands out unique, increasing ids', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await client.organization.createOrganization(`Seq ${i}`)).organization!.id)
    const numbers = ids.map((id) => BigInt(id.slice(4)))
    expect(numbers[1]! > numbers[0]! && numbers[2]! > numbers[1]!).toBe(true)
  })

  it('gets an organization by id and by external id', async () => {
    const {organization} = await client.organization.createOrganization('Globex', {externalId: 'globex-7'})
    const byId = await client.organization.getOrganization(organization!.id)
    const byExternalId = await client.organization.getOrganizationByExternalId('globex-7')
    expect(byId.organization?.displayName).toBe('Globex')
    expect(byExternalId.organization?.id).toBe(organization!.id)
  })

  it('answers NOT_FOUND with the id in the message and an errorCode', async () => {
    const error = await failure(client.organization.getOrganization('org_12345678901234567'))
    expect(error.name).toBe('ScalekitNotFoundException')
    expect(error.grpcStatus).toBe(5)
    expect(error.errorCode).toBe('NOT_FOUND')
    expect(error.message).toBe('[not_found] organization org_12345678901234567 not found')
  })

  it('answers ALREADY_EXISTS for a duplicate external id', async () => {
    await client.organization.createOrganization('First', {externalId: 'dup-1'})
    const error = await failure(client.organization.createOrganization('Second', {externalId: 'dup-1'}))
    expect(error.name).toBe('ScalekitConflictException')
    expect(error.errorCode).toBe('ALREADY_EXISTS')
    expect(error.message).toContain('external_id dup-1 already exists')
  })

  it('enforces the descriptor validation rules with the real service message', async () => {
    const error = await failure(client.organization.createOrganization(''))
    expect(error.name).toBe('ScalekitBadRequestException')
    expect(error.errorCode).toBe('INVALID_ARGUMENT')
    expect(error.message).toBe(
      '[invalid_argument] organization.display_name: must be at least 1 characters [string.min_len]',
    )
    const tooLong = await failure(client.organization.createOrganization('x'.repeat(201)))
    expect(tooLong.message).toBe(
      '[invalid_argument] organization.display_name: must be at most 200 characters [string.max_len]',
    )
  })

  it('updates only the fields given, by id and by external id', async () => {
    const {organization} = await client.organization.createOrganization('Initech', {externalId: 'initech'})
    const renamed = await client.organization.updateOrganization(organization!.id, {displayName: 'Initech Inc'})
    expect(renamed.organization).toMatchObject({displayName: 'Initech Inc', externalId: 'initech'})
    const tagged = await client.organization.updateOrganizationByExternalId('initech', {metadata: {tier: 'gold'}})
    expect(tagged.organization).toMatchObject({displayName: 'Initech Inc', metadata: {tier: 'gold'}})
    const moved = await client.organization.updateOrganization(organization!.id, {externalId: 'initech-2'})
    expect(moved.organization?.externalId).toBe('initech-2')
    expect((await client.organization.getOrganizationByExternalId('initech-2')).organization?.id).toBe(organization!.id)
    expect((await failure(client.organization.getOrganizationByExternalId('initech'))).errorCode).toBe('NOT_FOUND')
  })

  it('refuses an update that takes another organization external id', async () => {
    await client.organization.createOrganization('Taken', {externalId: 'taken'})
    const {organization} = await client.organization.createOrganization('Taker')
    const error = await failure(client.organization.updateOrganization(organization!.id, {externalId: 'taken'}))
    expect(error.errorCode).toBe('ALREADY_EXISTS')
  })

  it('deletes an organization, and a second delete is NOT_FOUND', async () => {
    const {organization} = await client.organization.createOrganization('Doomed')
    await client.organization.deleteOrganization(organization!.id)
    expect((await failure(client.organization.getOrganization(organization!.id))).errorCode).toBe('NOT_FOUND')
    const again = await failure(client.organization.deleteOrganization(organization!.id))
    expect(again.message).toBe(`[not_found] organization ${organization!.id} not found`)
  })

  it('stores feature settings and user-management settings', async () => {
    const {organization} = await client.organization.createOrganization('Settings Co')
    const id = organization!.id
    const updated = await client.organization.updateOrganizationSettings(id, {
      features: [
        {name: 'sso', enabled: true},
        {name: 'dir_sync', enabled: false},
      ],
    })
    expect(updated.organization?.settings?.features.map(({name, enabled}) => ({name, enabled}))).toEqual([
      {name: 'sso', enabled: true},
      {name: 'dir_sync', enabled: false},
    ])
    await client.organization.updateOrganizationSettings(id, {features: [{name: 'dir_sync', enabled: true}]})
    const features = (await client.organization.getOrganization(id)).organization?.settings?.features
    expect(features?.map(({name, enabled}) => `${name}=${enabled}`)).toEqual(['sso=true', 'dir_sync=true'])
    const unknown = await failure(
      client.organization.updateOrganizationSettings(id, {features: [{name: 'x', enabled: true}]}),
    )
    expect(unknown.errorCode).toBe('INVALID_ARGUMENT')

    const settings = await client.organization.upsertUserManagementSettings(id, {maxAllowedUsers: 50})
    expect(settings?.maxAllowedUsers).toBe(50)
    expect((await client.organization.getOrganizationUserManagementSetting(id)).settings?.maxAllowedUsers).toBe(50)
  })

  it('generates a one-minute admin-portal link on the origin the client used', async () => {
    const {organization} = await client.organization.createOrganization('Portal Co')
    const before = Date.now()
    const link = await client.organization.generatePortalLink(organization!.id)
    expect(link.id).toMatch(/^lnk_\d{17}$/)
    expect(link.location).toMatch(new RegExp(`^${emulator.url}/magicLink/[0-9a-f-]{36}_p$`))
    const expiresIn = timestampMs(link.expireTime!) - before
    expect(expiresIn).toBeGreaterThan(55_000)
    expect(expiresIn).toBeLessThanOrEqual(61_000)
  })

  it('searches case-insensitively across id, name and external id', async () => {
    const {organization} = await client.organization.createOrganization('Umbrella Research', {externalId: 'UMB-42'})
    const byName = await client.organization.searchOrganization('umbrella')
    const byExternalId = await client.organization.searchOrganization('umb-4')
    const byId = await client.organization.searchOrganization(organization!.id.slice(-6))
    for (const result of [byName, byExternalId, byId]) {
      expect(result.organizations.map((org) => org.id)).toEqual([organization!.id])
      expect(result.totalSize).toBe(1)
    }
    const short = await failure(client.organization.searchOrganization('ab'))
    expect(short.message).toBe('[invalid_argument] query: must be at least 3 characters [string.min_len]')
  })
})

describe('Session policies', () => {
  it('follows the application policy until an organization sets its own, in minutes', async () => {
    const {organization} = await client.organization.createOrganization('Session Co')
    const id = organization!.id
    expect(await client.organization.getOrganizationSessionPolicy(id)).toMatchObject({
      policySource: SessionPolicyType.APPLICATION,
      absoluteSessionTimeout: 10080,
      idleSessionTimeoutEnabled: false,
    })
    const custom = await client.organization.updateOrganizationSessionPolicy(id, {
      policySource: 'CUSTOM',
      absoluteSessionTimeout: 6,
      absoluteSessionTimeoutUnit: 'HOURS',
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 1,
      idleSessionTimeoutUnit: 'DAYS',
    })
    expect(custom).toMatchObject({
      policySource: SessionPolicyType.CUSTOM,
      absoluteSessionTimeout: 360,
      absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 1440,
    })
    expect((await client.organization.getOrganizationSessionPolicy(id)).absoluteSessionTimeout).toBe(360)
    const reverted = await client.organization.updateOrganizationSessionPolicy(id, {policySource: 'APPLICATION'})
    expect(reverted).toMatchObject({policySource: SessionPolicyType.APPLICATION, absoluteSessionTimeout: 10080})

    const grpc = organizationGrpcClient(emulator.url, await clientToken(emulator.url))
    const {applicationPolicy} = await grpc.getApplicationSessionPolicy({organizationId: id})
    expect(applicationPolicy).toMatchObject({absoluteSessionTimeout: 10080, accessTokenExpiry: 300})
    const missing = await failure(client.organization.getOrganizationSessionPolicy('org_12345678901234567'))
    expect(missing.message).toBe('[not_found] organization org_12345678901234567 not found')
  })
})

describe('RPCs the SDK does not wrap (plain gRPC client)', () => {
  it('serves GetOrganizationByExternalId and DeletePortalLinkByID', async () => {
    const grpc = organizationGrpcClient(emulator.url, await clientToken(emulator.url))
    const {organization} = await client.organization.createOrganization('Raw', {externalId: 'raw-1'})
    const found = await grpc.getOrganizationByExternalId({identities: {case: 'externalId', value: 'raw-1'}})
    expect(found.organization?.id).toBe(organization!.id)

    const link = await client.organization.generatePortalLink(organization!.id)
    await grpc.deletePortalLinkByID({id: organization!.id, linkId: link.id})
    const again = await grpc.deletePortalLinkByID({id: organization!.id, linkId: link.id}).catch((e: unknown) => e)
    expect(ConnectError.from(again).rawMessage).toBe(`portal link ${link.id} not found`)
  })

  it('answers UNAUTHENTICATED for a token it did not sign', async () => {
    const grpc = organizationGrpcClient(emulator.url, 'eyJhbGciOiJub25lIn0.e30.')
    const error = ConnectError.from(await grpc.listOrganization({}).catch((e: unknown) => e))
    expect(error.code).toBe(16)
  })
})

describe('paging', () => {
  let paging: RunningEmulator
  let pagingClient: ScalekitClient

  beforeAll(async () => {
    paging = await startEmulator({port: 0})
    pagingClient = sdk(paging.url)
    // Start from an empty environment: drop the seeded organization.
    const seeded = await pagingClient.organization.listOrganization()
    for (const org of seeded.organizations) await pagingClient.organization.deleteOrganization(org.id)
    for (let i = 1; i <= 25; i++)
      await pagingClient.organization.createOrganization(`Paged ${String(i).padStart(2, '0')}`)
  })

  afterAll(async () => {
    await paging?.close()
  })

  it('pages through 25 organizations 10 at a time, newest first', async () => {
    const pages = []
    let pageToken: string | undefined
    do {
      const page = await pagingClient.organization.listOrganization({pageSize: 10, pageToken})
      pages.push(page)
      pageToken = page.nextPageToken || undefined
    } while (pageToken)
    expect(pages.map((page) => page.organizations.length)).toEqual([10, 10, 5])
    expect(pages.every((page) => page.totalSize === 25)).toBe(true)
    expect(pages[2]!.nextPageToken).toBe('')
    expect(pages[0]!.prevPageToken).toBe('')
    const names = pages.flatMap((page) => page.organizations.map((org) => org.displayName))
    expect(names).toEqual(Array.from({length: 25}, (_, i) => `Paged ${String(25 - i).padStart(2, '0')}`))

    const back = await pagingClient.organization.listOrganization({pageSize: 10, pageToken: pages[2]!.prevPageToken})
    expect(back.organizations.map((org) => org.displayName)).toEqual(names.slice(10, 20))
  })

  it('defaults to 10 per page and caps at 100', async () => {
    expect((await pagingClient.organization.listOrganization()).organizations).toHaveLength(10)
    expect((await pagingClient.organization.listOrganization({pageSize: 1000})).organizations).toHaveLength(25)
  })

  it('pages search results with their own total', async () => {
    const first = await pagingClient.organization.searchOrganization('paged 1', 5)
    expect(first.totalSize).toBe(10) // Paged 10..19
    expect(first.organizations).toHaveLength(5)
    const second = await pagingClient.organization.searchOrganization('paged 1', 5, first.nextPageToken)
    expect(second.organizations.map((org) => org.displayName)).toEqual([14, 13, 12, 11, 10].map((n) => `Paged ${n}`))
    expect(second.nextPageToken).toBe('')
  })

  it('rejects a page token it did not issue', async () => {
    const error = await failure(pagingClient.organization.listOrganization({pageToken: 'bogus'}))
    expect(error.errorCode).toBe('INVALID_ARGUMENT')
  })

  it('counts every call by method in /_emulator/stats', async () => {
    const response = await fetch(`${paging.url}/_emulator/stats`, {headers: {authorization: basicAuth()}})
    const stats = (await response.json()) as {rpc: Record<string, number>; tokens: number; unauthenticated: number}
    expect(stats.rpc['OrganizationService/CreateOrganization']).toBe(25)
    expect(stats.rpc['OrganizationService/DeleteOrganization']).toBe(1)
    // One fresh SDK client: one rejected first call, then one token.
    expect(stats.tokens).toBe(1)
    expect(stats.unauthenticated).toBe(1)
  })
})
