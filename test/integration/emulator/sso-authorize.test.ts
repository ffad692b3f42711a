import {create} from '@bufbuild/protobuf'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {SEED_ORGANIZATION_NAME} from '../../../src/emulator/store/seed.js'
import {adminPost, type AuthorizeOptions, authorizeUrl, CALLBACK, get, location, pkce} from './sso-support.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'
import {basicAuth, sdk} from './support.js'

let emulator: RunningEmulator
let seeded: {organizationId: string; connectionId: string}
/** A second organization with its own domain and an enabled connection, plus one whose connection is disabled. */
let acme: {organizationId: string; connectionId: string}
let dormant: {organizationId: string; connectionId: string}

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  const client = sdk(emulator.url)
  const {organizations} = await client.organization.listOrganization()
  const organizationId = organizations.find((org) => org.displayName === SEED_ORGANIZATION_NAME)!.id
  seeded = {organizationId, connectionId: (await client.connection.listConnections(organizationId)).connections[0]!.id}
  acme = await organizationWithConnection('Acme', 'acme.test', true)
  dormant = await organizationWithConnection('Dormant', 'dormant.test', false)
})

afterAll(async () => {
  await emulator?.close()
})

async function organizationWithConnection(name: string, domain: string, enabled: boolean) {
  const client = sdk(emulator.url)
  const organizationId = (await client.organization.createOrganization(name)).organization!.id
  await client.domain.createDomain(organizationId, domain)
  const {connection} = await client.connection.createConnection(
    organizationId,
    create(CreateConnectionSchema, {type: ConnectionType.OIDC, provider: ConnectionProvider.OKTA}),
  )
  const connectionId = connection!.id
  if (enabled) await client.connection.enableConnection(organizationId, connectionId)
  return {organizationId, connectionId}
}

/** Where authorize sends the browser: the login request's connection and organization, read from the page. */
async function selected(options: AuthorizeOptions): Promise<{organizationId: string; connectionId: string}> {
  const simulator = location(await get(authorizeUrl(emulator.url, options)), emulator.url)
  expect(simulator.pathname).toMatch(/^\/sso\/idp-simulator\/lreq_/)
  const html = await (await get(simulator.href)).text()
  return {
    organizationId: /\(<code>(org_\d+)<\/code>\)/.exec(html)![1]!,
    connectionId: /<code id="connection">(conn_\d+)<\/code>/.exec(html)![1]!,
  }
}

/** The error an authorize request is redirected back with. */
async function redirectedError(query: string | AuthorizeOptions): Promise<Record<string, string>> {
  const url = typeof query === 'string' ? `${emulator.url}/oauth/authorize?${query}` : authorizeUrl(emulator.url, query)
  const target = location(await get(url), emulator.url)
  expect(`${target.origin}${target.pathname}`).toBe(CALLBACK)
  return Object.fromEntries(target.searchParams)
}

async function setFullStackAuth(enabled: boolean): Promise<void> {
  const response = await adminPost(emulator.url, '/_emulator/full-stack-auth', {enabled}, basicAuth())
  expect(response.status).toBe(200)
}

function base(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: DEFAULT_CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 's1',
    organization_id: seeded.organizationId,
    ...extra,
  }).toString()
}

describe('connection selectors', () => {
  it('reaches the test organization through each documented trigger', async () => {
    expect(await selected({organizationId: seeded.organizationId})).toEqual(seeded)
    expect(await selected({connectionId: seeded.connectionId})).toEqual(seeded)
    expect(await selected({domainHint: 'example.com'})).toEqual(seeded)
    expect(await selected({domainHint: 'EXAMPLE.org'})).toEqual(seeded)
    expect(await selected({loginHint: 'user@example.com'})).toEqual(seeded)
    const viaDomainHintOnly = location(
      await get(`${emulator.url}/oauth/authorize?${base({organization_id: '', domain_hint: 'example.com'})}`),
      emulator.url,
    )
    expect(viaDomainHintOnly.pathname).toMatch(/^\/sso\/idp-simulator\//)
  })

  it('applies the precedence connection_id > organization_id > domain > login_hint', async () => {
    expect(
      await selected({
        connectionId: acme.connectionId,
        organizationId: seeded.organizationId,
        domainHint: 'example.com',
        loginHint: 'user@example.com',
      }),
    ).toEqual(acme)
    expect(
      await selected({organizationId: acme.organizationId, domainHint: 'example.com', loginHint: 'u@example.com'}),
    ).toEqual(acme)
    expect(await selected({domainHint: 'acme.test', loginHint: 'user@example.com'})).toEqual(acme)
    expect(await selected({loginHint: 'someone@acme.test'})).toEqual(acme)
    // A higher selector decides even when a lower one would fail.
    expect(await selected({organizationId: acme.organizationId, domainHint: 'unknown.test'})).toEqual(acme)
  })

  it('picks the first enabled connection of an organization', async () => {
    const client = sdk(emulator.url)
    const organizationId = (await client.organization.createOrganization('Two connections')).organization!.id
    const addConnection = async () =>
      (
        await client.connection.createConnection(
          organizationId,
          create(CreateConnectionSchema, {type: ConnectionType.SAML, provider: ConnectionProvider.OKTA}),
        )
      ).connection!.id
    await addConnection()
    const second = await addConnection()
    await client.connection.enableConnection(organizationId, second)
    expect(await selected({organizationId})).toEqual({organizationId, connectionId: second})
  })

  it('routes a domain to the enabled connection assigned to it (AssignDomainsToConnection)', async () => {
    const client = sdk(emulator.url)
    const organizationId = (await client.organization.createOrganization('Split domains')).organization!.id
    const north = (await client.domain.createDomain(organizationId, 'north.test')).domain!.id
    const south = (await client.domain.createDomain(organizationId, 'south.test')).domain!.id
    const enabledConnection = async (domainId: string) => {
      const request = create(CreateConnectionSchema, {type: ConnectionType.SAML, provider: ConnectionProvider.OKTA})
      const id = (await client.connection.createConnection(organizationId, request)).connection!.id
      await client.connection.enableConnection(organizationId, id)
      await sdkRpc(client, 'connection', 'assignDomainsToConnection', {
        organizationId,
        connectionId: id,
        domainIds: [domainId],
      })
      return id
    }
    const northConnection = await enabledConnection(north)
    const southConnection = await enabledConnection(south)
    expect(await selected({domainHint: 'north.test'})).toEqual({organizationId, connectionId: northConnection})
    expect(await selected({loginHint: 'sam@south.test'})).toEqual({organizationId, connectionId: southConnection})
  })
})

describe('errors redirected to the redirect URI', () => {
  it.each([
    ['unknown connection', 'invalid_connection_id', () => base({connection_id: 'conn_99999999999999999'})],
    ['unknown organization', 'invalid_organization_id', () => base({organization_id: 'org_99999999999999999'})],
    ['unknown domain', 'domain_not_found', () => base({organization_id: '', domain: 'nobody.test'})],
    ['social provider', 'no_configured_connections', () => base({provider: 'google'})],
    ['missing response_type', 'invalid_request', () => base({response_type: ''})],
    ['response_type token', 'unsupported_response_type', () => base({response_type: 'token'})],
    ['scope without openid', 'invalid_scope', () => base({scope: 'email profile'})],
    ['PKCE plain', 'invalid_request', () => base({code_challenge: pkce().challenge, code_challenge_method: 'plain'})],
    ['PKCE without method', 'invalid_request', () => base({code_challenge: pkce().challenge})],
    ['PKCE method without challenge', 'invalid_request', () => base({code_challenge_method: 'S256'})],
    ['malformed challenge', 'invalid_request', () => base({code_challenge: 'short', code_challenge_method: 'S256'})],
    ['repeated state', 'invalid_request', () => `${base()}&state=again`],
  ])('%s → %s', async (_name, code, query) => {
    const error = await redirectedError(query())
    expect(error.error).toBe(code)
    expect(error.error_description).toBeTruthy()
  })

  describe('with full-stack auth disabled (Modular SSO)', () => {
    beforeAll(async () => setFullStackAuth(false))
    afterAll(async () => setFullStackAuth(true))

    it.each([
      ['no selector', 'invalid_connection_selector', () => base({organization_id: ''})],
      ['unknown login_hint domain', 'domain_not_found', () => base({organization_id: '', login_hint: 'a@nobody.test'})],
    ])('%s → %s', async (_name, code, query) => {
      expect((await redirectedError(query())).error).toBe(code)
    })
  })

  it('names a disabled connection and an organization without an enabled one', async () => {
    expect((await redirectedError({connectionId: dormant.connectionId})).error).toBe('connection_not_active')
    expect((await redirectedError({organizationId: dormant.organizationId})).error).toBe('no_active_connections')
    expect((await redirectedError({domainHint: 'dormant.test'})).error).toBe('no_active_connections')
  })

  it('returns the state with the error', async () => {
    expect(await redirectedError({organizationId: 'org_1', state: 'keep-me'})).toMatchObject({
      error: 'invalid_organization_id',
      state: 'keep-me',
    })
  })
})

describe('errors shown, never redirected', () => {
  it.each([
    ['unregistered redirect_uri', 'invalid_redirect_uri', () => base({redirect_uri: 'https://evil.example/callback'})],
    ['redirect_uri with a query', 'invalid_redirect_uri', () => base({redirect_uri: `${CALLBACK}?x=1`})],
    [
      'non-canonical loopback',
      'invalid_redirect_uri',
      () => base({redirect_uri: 'http://127.0.0.1:80/callback/../callback'}),
    ],
    ['javascript: redirect_uri', 'invalid_redirect_uri', () => base({redirect_uri: 'javascript:alert(1)'})],
    ['missing redirect_uri', 'invalid_redirect_uri', () => base({redirect_uri: ''})],
    [
      'repeated redirect_uri',
      'invalid_redirect_uri',
      () => `${base()}&redirect_uri=${encodeURIComponent('https://evil.example/')}`,
    ],
    ['unknown client', 'invalid_client', () => base({client_id: 'skc_<b>other</b>'})],
    ['missing client', 'invalid_client', () => base({client_id: ''})],
  ])('%s → %s page', async (_name, code, query) => {
    const response = await get(`${emulator.url}/oauth/authorize?${query()}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain(`<code id="error">${code}</code>`)
    expect(html).not.toContain('<b>')
  })

  it('answers 405 to a POST', async () => {
    expect((await fetch(`${emulator.url}/oauth/authorize?${base()}`, {method: 'POST'})).status).toBe(405)
  })
})
