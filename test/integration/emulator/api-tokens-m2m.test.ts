import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {ScalekitClient} from '@scalekit-sdk/node'
import {decodeJwt} from 'jose'
import {afterAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_SECRET, startEmulator} from '../../../src/emulator/index.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'
import {failure, sdk, useSdkEmulator} from './support.js'

const dataDir = mkdtempSync(join(tmpdir(), 'skctl-credentials-'))
afterAll(() => rmSync(dataDir, {force: true, recursive: true}))
const ctx = useSdkEmulator({dataDir})

/** Every value shown once in this file: none may be found in the data directory. */
const shownOnce: string[] = []

async function newOrganization(name: string): Promise<string> {
  return (await ctx.client.organization.createOrganization(name)).organization!.id
}

async function clientCredentials(clientId: string, clientSecret: string, scope?: string) {
  const response = await fetch(`${ctx.emulator.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...(scope ? {scope} : {}),
    }),
  })
  return {status: response.status, body: (await response.json()) as Record<string, string | number>}
}

describe('ApiTokenService through the SDK (token sub-client)', () => {
  it('creates, validates by value and by id, lists, updates and invalidates tokens', async () => {
    const org = await newOrganization('Tokens Co')
    const {user} = await ctx.client.user.createUserAndMembership(org, {email: 'bot@tokens.example'})
    const orgToken = await ctx.client.token.createToken(org, {customClaims: {team: 'ci'}, description: 'CI'})
    const userToken = await ctx.client.token.createToken(org, {userId: user!.id})
    shownOnce.push(orgToken.token, userToken.token)
    expect(orgToken.tokenId).toMatch(/^apit_\d{17}$/)
    expect(orgToken.token).not.toContain(orgToken.tokenId)
    expect(orgToken.tokenInfo).toMatchObject({
      organizationId: org,
      customClaims: {team: 'ci'},
      description: 'CI',
      tokenSuffix: orgToken.token.slice(-4),
    })

    const byValue = await ctx.client.token.validateToken(userToken.token)
    expect(byValue.tokenInfo).toMatchObject({tokenId: userToken.tokenId, userId: user!.id, email: 'bot@tokens.example'})
    expect((await ctx.client.token.validateToken(orgToken.tokenId)).tokenInfo?.tokenId).toBe(orgToken.tokenId)

    const firstPage = await ctx.client.token.listTokens(org, {pageSize: 1})
    expect(firstPage.totalCount).toBe(2)
    expect(firstPage.tokens.map((t) => t.tokenId)).toEqual([orgToken.tokenId])
    const secondPage = await ctx.client.token.listTokens(org, {pageSize: 1, pageToken: firstPage.nextPageToken})
    expect(secondPage.tokens.map((t) => t.tokenId)).toEqual([userToken.tokenId])
    expect((await ctx.client.token.listTokens(org, {userId: user!.id})).tokens).toHaveLength(1)

    const updated = await ctx.client.token.updateToken(orgToken.token, {customClaims: {team: 'ops'}})
    expect(updated.tokenInfo).toMatchObject({customClaims: {team: 'ops'}, description: 'CI'})
    const cleared = await ctx.client.token.updateToken(orgToken.tokenId, {description: ''})
    expect(cleared.tokenInfo?.description).toBeUndefined()

    await ctx.client.token.invalidateToken(orgToken.token)
    await ctx.client.token.invalidateToken(orgToken.tokenId) // idempotent
    const refused = await failure(ctx.client.token.validateToken(orgToken.token))
    expect(refused.name).toBe('ScalekitValidateTokenFailureException')
    expect((await ctx.client.token.listTokens(org)).tokens.map((t) => t.tokenId)).toEqual([userToken.tokenId])
  })

  it('refuses reserved claims, unknown tokens and organizations, a past expiry, and FetchToken', async () => {
    const org = await newOrganization('Token Rules Co')
    expect((await failure(ctx.client.token.createToken(org, {customClaims: {sub: 'x'}}))).errorCode).toBe(
      'INVALID_ARGUMENT',
    )
    expect((await failure(ctx.client.token.createToken('org_404'))).errorCode).toBe('NOT_FOUND')
    const unknown = await failure(ctx.client.token.validateToken('skapi_not-a-token'))
    expect(unknown.name).toBe('ScalekitValidateTokenFailureException')
    expect(String(unknown.message)).not.toContain('skapi_not-a-token')
    expect((await failure(ctx.client.token.invalidateToken('apit_404'))).errorCode).toBe('NOT_FOUND')

    const expiring = await ctx.client.token.createToken(org, {expiry: timestampFromMs(Date.now() + 3_600_000)})
    shownOnce.push(expiring.token)
    expect((await ctx.client.token.validateToken(expiring.token)).tokenInfo?.expiry).toBeDefined()
    expect((await failure(ctx.client.token.createToken(org, {expiry: timestampFromMs(1000)}))).errorCode).toBe(
      'INVALID_ARGUMENT',
    )

    // Scalekit blocks FetchToken for API callers; so does the emulator.
    const fetched = await failure(sdkRpc(ctx.client, 'token', 'fetchToken', {tokenId: expiring.tokenId}))
    expect(fetched.errorCode).toBe('PERMISSION_DENIED')
  })
})

describe('ClientService organization clients through the SDK (m2m sub-client)', () => {
  it('runs all seven methods; secrets are shown once and listed masked', async () => {
    const org = await newOrganization('M2M Co')
    const created = await ctx.client.m2m.createOrganizationClient(org, {
      name: 'Deploy bot',
      description: 'GitHub Actions',
      scopes: ['deploy:applications', 'read:deployments'],
      audience: ['deployment-api.example.com'],
      customClaims: {github_repository: 'acme/inventory'},
    })
    shownOnce.push(created.plainSecret)
    const client = created.client!
    expect(client.clientId).toMatch(/^m2morg_\d{17}$/)
    expect(created.plainSecret).toMatch(/^test_/)
    expect(client).toMatchObject({
      organizationId: org,
      expiry: 3600n,
      secrets: [{secretSuffix: created.plainSecret.slice(-4)}],
      customClaims: [{key: 'github_repository', value: 'acme/inventory'}],
    })
    expect(client.secrets[0]?.id).toMatch(/^sks_/)
    expect(client.secrets[0]?.plainSecret).toBeUndefined()

    const got = await ctx.client.m2m.getOrganizationClient(org, client.clientId)
    expect(got.client?.name).toBe('Deploy bot')
    const updated = await ctx.client.m2m.updateOrganizationClient(org, client.clientId, {scopes: ['read:deployments']})
    expect(updated.client).toMatchObject({name: 'Deploy bot', scopes: ['read:deployments']})

    const added = await ctx.client.m2m.addOrganizationClientSecret(org, client.clientId)
    shownOnce.push(added.plainSecret)
    expect(added.secret?.secretSuffix).toBe(added.plainSecret.slice(-4))
    const listed = await ctx.client.m2m.listOrganizationClients(org)
    expect(listed.totalSize).toBe(1)
    expect(listed.clients[0]?.secrets).toHaveLength(2)
    expect(JSON.stringify(listed.clients, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      added.plainSecret,
    )

    await ctx.client.m2m.removeOrganizationClientSecret(org, client.clientId, added.secret!.id)
    expect((await clientCredentials(client.clientId, added.plainSecret)).status).toBe(401)
    await ctx.client.m2m.deleteOrganizationClient(org, client.clientId)
    expect((await failure(ctx.client.m2m.getOrganizationClient(org, client.clientId))).errorCode).toBe('NOT_FOUND')
    expect((await clientCredentials(client.clientId, created.plainSecret)).status).toBe(401)
  })

  it('refuses bad settings, unknown clients and secrets, and a sixth secret', async () => {
    const org = await newOrganization('M2M Rules Co')
    const bad = (options: Parameters<typeof ctx.client.m2m.createOrganizationClient>[1]) =>
      failure(ctx.client.m2m.createOrganizationClient(org, options))
    expect((await bad({name: 'x', customClaims: {oid: 'org_1'}})).errorCode).toBe('INVALID_ARGUMENT')
    expect((await bad({scopes: ['a']})).errorCode).toBe('INVALID_ARGUMENT')
    expect((await bad({name: 'x', scopes: ['two words']})).errorCode).toBe('INVALID_ARGUMENT')
    expect((await failure(ctx.client.m2m.getOrganizationClient(org, 'm2morg_404'))).errorCode).toBe('NOT_FOUND')

    const {client} = await ctx.client.m2m.createOrganizationClient(org, {name: 'Full'})
    for (let i = 0; i < 4; i++) await ctx.client.m2m.addOrganizationClientSecret(org, client!.clientId)
    expect((await failure(ctx.client.m2m.addOrganizationClientSecret(org, client!.clientId))).errorCode).toBe(
      'FAILED_PRECONDITION',
    )
    const gone = await failure(ctx.client.m2m.removeOrganizationClientSecret(org, client!.clientId, 'sks_404'))
    expect(gone.errorCode).toBe('NOT_FOUND')
    // A client of one organization is not found through another.
    expect((await failure(ctx.client.m2m.getOrganizationClient(ctx.seededOrg, client!.clientId))).errorCode).toBe(
      'NOT_FOUND',
    )
  })

  it('mints client-credentials tokens with the scopes, audience and claims that the SDK validates', async () => {
    const org = await newOrganization('M2M Token Co')
    const {client, plainSecret} = await ctx.client.m2m.createOrganizationClient(org, {
      name: 'Reporter',
      scopes: ['read:reports', 'write:reports'],
      audience: ['reports-api'],
      customClaims: {tier: 'gold'},
    })
    shownOnce.push(plainSecret)
    const minted = await clientCredentials(client!.clientId, plainSecret)
    expect(minted.status).toBe(200)
    expect(minted.body).toMatchObject({token_type: 'Bearer', expires_in: 3600, scope: 'read:reports write:reports'})
    const token = String(minted.body.access_token)
    shownOnce.push(token)
    expect(decodeJwt(token)).toMatchObject({
      client_id: client!.clientId,
      sub: client!.clientId,
      oid: org,
      aud: ['reports-api'],
      scopes: ['read:reports', 'write:reports'],
      tier: 'gold',
    })

    // A fresh SDK client, as an app would have one: it knows nothing of the M2M client.
    const app = sdk(ctx.emulator.url)
    expect(await app.validateAccessToken(token, {audience: ['reports-api']})).toBe(true)
    expect(app.verifyScopes(token, ['read:reports'])).toBe(true)
    expect(() => app.verifyScopes(token, ['admin'])).toThrow(/missing required scopes: admin/)
    expect(await app.validateAccessToken(token, {audience: ['other-api']})).toBe(false)

    const narrowed = await clientCredentials(client!.clientId, plainSecret, 'read:reports')
    expect(decodeJwt(String(narrowed.body.access_token)).scopes).toEqual(['read:reports'])
    expect((await clientCredentials(client!.clientId, plainSecret, 'admin')).body.error).toBe('invalid_scope')
    expect((await clientCredentials(client!.clientId, 'test_wrong')).body.error).toBe('invalid_client')
    expect((await clientCredentials('m2morg_404', plainSecret)).body.error).toBe('invalid_client')
    // An M2M token is no credential for the environment's own API.
    const api = await fetch(`${ctx.emulator.url}/api/v1/organizations`, {headers: {authorization: `Bearer ${token}`}})
    expect(api.status).toBe(401)

    const got = await ctx.client.m2m.getOrganizationClient(org, client!.clientId)
    expect(got.client?.secrets[0]?.lastUsedTime).toBeDefined()
  })

  it('still takes an environment client started with an m2morg_ id for itself', async () => {
    const emulator = await startEmulator({port: 0, clientId: 'm2morg_10'})
    try {
      const client = new ScalekitClient(emulator.url, 'm2morg_10', DEFAULT_CLIENT_SECRET)
      expect((await client.organization.listOrganization()).organizations).toHaveLength(1)
    } finally {
      await emulator.close()
    }
  })

  it('keeps no value shown once in the data directory', () => {
    expect(shownOnce.length).toBeGreaterThan(5)
    const stored = readdirSync(dataDir, {recursive: true, withFileTypes: true})
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n')
    expect(stored).toContain('apit_')
    for (const value of shownOnce) expect(stored).not.toContain(value)
  })
})
