import {create} from '@bufbuild/protobuf'
import {
  type AssignDomainsToConnectionResponse,
  type Connection,
  ConnectionProvider,
  ConnectionService,
  ConnectionStatus,
  ConnectionType,
  CreateConnectionSchema,
  type CreateConnectionResponse,
  type GetConnectionResponse,
  type ListAppConnectionsResponse,
  NameIdFormat,
  OIDCScope,
  RequestBinding,
  SAMLSigningOptions,
  type ToggleConnectionResponse,
  TokenAuthType,
  type UpdateConnectionResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DOMParser} from '@xmldom/xmldom'
import {describe, expect, it} from 'vitest'
import {openStore} from '../../../src/emulator/store/store.js'
import {EventBus} from '../../../src/emulator/events/bus.js'
import {InvitationLinks} from '../../../src/emulator/invitations/links.js'
import {PasswordlessState} from '../../../src/emulator/passwordless/state.js'
import {createHandlerRunner} from '../../../src/emulator/rpc/invoke.js'
import {services} from '../../../src/emulator/services/index.js'
import {makeCertificate} from '../../helpers/certificates.js'
import {failure, useSdkEmulator} from './support.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'

// The ConnectionService RPCs the SDK has no method for, called through a real SDK client's own transport (as the
// CLI's Api.rpc does), plus the full SAML/OIDC settings the SDK's getConnection reads back.

const ctx = useSdkEmulator()
const rpc = <Res>(method: string, request: object) => sdkRpc<Res>(ctx.client, 'connection', method, request)

async function newOrganization(name: string): Promise<string> {
  return (await ctx.client.organization.createOrganization(name)).organization!.id
}

async function newConnection(org: string, type = ConnectionType.SAML): Promise<Connection> {
  const request = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type})
  return (await ctx.client.connection.createConnection(org, request)).connection!
}

describe('environment connections', () => {
  it('creates, reads, configures, toggles and deletes a connection no organization owns', async () => {
    const created = await rpc<CreateConnectionResponse>('createEnvironmentConnection', {
      connection: {type: ConnectionType.OAUTH, providerKey: 'slack', keyId: 'slack_work'},
      flags: {isApp: true},
    })
    const id = created.connection!.id
    expect(id).toMatch(/^conn_\d{17}$/)
    expect(created.connection).toMatchObject({
      type: ConnectionType.OAUTH,
      provider: ConnectionProvider.CUSTOM,
      providerKey: 'slack',
      status: ConnectionStatus.DRAFT,
      enabled: false,
    })
    expect(created.connection?.organizationId).toBeUndefined()

    const updated = await rpc<UpdateConnectionResponse>('updateEnvironmentConnection', {
      connectionId: id,
      connection: {
        providerKey: 'slack',
        settings: {
          case: 'oauthConfig',
          value: {clientId: 'slack-client', clientSecret: 'xoxs-secret', scopes: ['chat']},
        },
      },
    })
    expect(updated.connection?.status).toBe(ConnectionStatus.COMPLETED)
    expect(updated.connection?.settings).toMatchObject({
      case: 'oauthConfig',
      value: {clientId: 'slack-client', clientSecret: '********', scopes: ['chat']},
    })

    expect((await rpc<ToggleConnectionResponse>('enableEnvironmentConnection', {connectionId: id})).enabled).toBe(true)
    const read = await rpc<GetConnectionResponse>('getEnvironmentConnection', {connectionId: id})
    expect(read.connection).toMatchObject({id, enabled: true})
    expect((await rpc<ToggleConnectionResponse>('disableEnvironmentConnection', {connectionId: id})).enabled).toBe(
      false,
    )

    // Environment connections are not organization connections, and the other way round.
    expect((await failure(ctx.client.connection.getConnection(ctx.seededOrg, id))).errorCode).toBe('NOT_FOUND')
    const seeded = (await ctx.client.connection.listConnections(ctx.seededOrg)).connections[0]!.id
    const notEnvironment = await failure(rpc('getEnvironmentConnection', {connectionId: seeded}))
    expect(notEnvironment.message).toBe(`[not_found] connection ${seeded} not found`)

    await rpc('deleteEnvironmentConnection', {connectionId: id})
    const gone = await failure(rpc('getEnvironmentConnection', {connectionId: id}))
    expect(gone.name).toBe('ScalekitNotFoundException')
  })

  it('enforces the descriptors’ rules', async () => {
    const missing = await failure(rpc('createEnvironmentConnection', {}))
    expect(missing.message).toBe('[invalid_argument] connection: value is required [required]')
    const noProvider = await failure(rpc('createEnvironmentConnection', {connection: {type: ConnectionType.OAUTH}}))
    expect(noProvider.message).toBe('[invalid_argument] connection: provider or provider_key is required []')
    const longId = await failure(rpc('getEnvironmentConnection', {connectionId: `conn_${'1'.repeat(40)}`}))
    expect(longId.errorCode).toBe('INVALID_ARGUMENT')
  })

  it('lists app connections by provider and by query (at least 3 characters)', async () => {
    const app = async (providerKey: string, keyId: string, isApp = true) =>
      (
        await rpc<CreateConnectionResponse>('createEnvironmentConnection', {
          connection: {type: ConnectionType.OAUTH, providerKey, keyId},
          flags: {isApp, isLogin: !isApp},
        })
      ).connection!.id
    const gmail = await app('gmail', 'gmail_work')
    const github = await app('github', 'github_eng')
    const login = await app('google', 'google_login', false)

    const all = await ctx.client.connection.listAppConnections()
    const ids = all.connections.map((c) => c.id)
    expect(ids).toEqual(expect.arrayContaining([gmail, github]))
    expect(ids).not.toContain(login)
    expect(all.totalSize).toBe(all.connections.length)

    const byProvider = await ctx.client.connection.listAppConnections({provider: 'GMAIL'})
    expect(byProvider.connections.map((c) => c.id)).toEqual([gmail])
    const byQuery = await rpc<ListAppConnectionsResponse>('listAppConnections', {query: 'github_e'})
    expect(byQuery.connections.map((c) => c.id)).toEqual([github])
    const short = await failure(ctx.client.connection.listAppConnections({query: 'gm'}))
    expect(short.message).toBe('[invalid_argument] query: must be at least 3 characters [string.min_len]')

    const firstPage = await ctx.client.connection.listAppConnections({pageSize: 1})
    expect(firstPage.connections).toHaveLength(1)
    const second = await ctx.client.connection.listAppConnections({pageSize: 1, pageToken: firstPage.nextPageToken})
    expect(second.connections[0]?.id).not.toBe(firstPage.connections[0]?.id)

    // Organization-wide listings leave environment connections out.
    const orgWide = await rpc<{connections: Array<{id: string}>}>('listOrganizationConnections', {pageSize: 30})
    expect(orgWide.connections.map((c) => c.id)).not.toContain(gmail)
  })
})

describe('AssignDomainsToConnection', () => {
  it('narrows the domains that route to a connection, and an empty list restores all of them', async () => {
    const org = await newOrganization('Two Domains Co')
    const east = (await ctx.client.domain.createDomain(org, 'east.example')).domain!
    await ctx.client.domain.createDomain(org, 'west.example')
    const allowed = (await ctx.client.domain.createDomain(org, 'partner.example', {domainType: 'ALLOWED_EMAIL_DOMAIN'}))
      .domain!
    const first = await newConnection(org)
    const second = await newConnection(org)

    const assigned = await rpc<AssignDomainsToConnectionResponse>('assignDomainsToConnection', {
      organizationId: org,
      connectionId: first.id,
      domainIds: [east.id],
    })
    expect(assigned.connection?.domains.map((d) => d.domain)).toEqual(['east.example'])
    const routedWest = (await ctx.client.connection.listConnectionsByDomain('west.example')).connections
    expect(routedWest.map((c) => c.id)).toEqual([second.id])
    const routedEast = (await ctx.client.connection.listConnectionsByDomain('east.example')).connections
    expect(routedEast.map((c) => c.id)).toEqual([first.id, second.id])

    const notRouting = await failure(
      rpc('assignDomainsToConnection', {organizationId: org, connectionId: first.id, domainIds: [allowed.id]}),
    )
    expect(notRouting.message).toBe(
      '[invalid_argument] domain partner.example is an allowed email domain: only organization domains route to SSO',
    )
    const seededDomain = (await ctx.client.domain.listDomains(ctx.seededOrg)).domains[0]!.id
    const foreign = await failure(
      rpc('assignDomainsToConnection', {organizationId: org, connectionId: first.id, domainIds: [seededDomain]}),
    )
    expect(foreign.message).toBe(`[not_found] domain ${seededDomain} not found`)
    const badPrefix = await failure(
      rpc('assignDomainsToConnection', {organizationId: org, connectionId: 'abc_1', domainIds: []}),
    )
    expect(badPrefix.errorCode).toBe('INVALID_ARGUMENT')

    const reset = await rpc<AssignDomainsToConnectionResponse>('assignDomainsToConnection', {
      organizationId: org,
      connectionId: first.id,
      domainIds: [],
    })
    expect(reset.connection?.domains.map((d) => d.domain)).toEqual(['east.example', 'west.example'])
  })
})

/** Every optional SAML setting, sent and then expected back as sent. */
const SAML_OPTIONS = {
  idpSloUrl: 'https://acme.okta.com/app/slo/saml',
  idpNameIdFormat: NameIdFormat.EMAIL,
  idpSsoRequestBinding: RequestBinding.HTTP_REDIRECT,
  idpSloRequestBinding: RequestBinding.HTTP_POST,
  samlSigningOption: SAMLSigningOptions.SAML_ONLY_RESPONSE_SIGNING,
  forceAuthn: true,
  wantRequestSigned: true,
  jitProvisioningWithSsoEnabled: true,
}

describe('full SSO settings', () => {
  it('stores every SAML setting and reads back the service-provider values and the certificate’s dates', async () => {
    const org = await newOrganization('Full SAML Co')
    const {id} = await newConnection(org)
    const before = (await ctx.client.connection.getConnection(org, id)).connection!
    const sp = `${ctx.emulator.url}/sso/v1/saml/${id}`
    // The values the IdP needs are there before anything is configured.
    expect(before.settings).toMatchObject({
      case: 'samlConfig',
      value: {spEntityId: sp, spAssertionUrl: `${sp}/callback`, spMetadataUrl: `${sp}/metadata`},
    })

    const certificate = makeCertificate({days: 30})
    await rpc('updateConnection', {
      organizationId: org,
      id,
      connection: {
        provider: ConnectionProvider.OKTA,
        attributeMapping: {email: 'user.mail'},
        settings: {
          case: 'samlConfig',
          value: {
            idpEntityId: 'http://www.okta.com/exk1',
            idpSsoUrl: 'https://acme.okta.com/app/sso/saml',
            idpCertificate: certificate.pem,
            ...SAML_OPTIONS,
          },
        },
      },
    })
    const saml = (await ctx.client.connection.getConnection(org, id)).connection!
    expect(saml.status).toBe(ConnectionStatus.COMPLETED)
    expect(saml.attributeMapping).toEqual({email: 'user.mail'})
    if (saml.settings.case !== 'samlConfig') throw new Error('expected SAML settings')
    expect(saml.settings.value).toMatchObject({
      idpEntityId: 'http://www.okta.com/exk1',
      ...SAML_OPTIONS,
      spEntityId: sp,
    })
    const [cert] = saml.settings.value.idpCertificates
    expect(cert?.certificate).toBe(certificate.pem)
    expect(cert?.issuer).toBe('CN=idp.example')
    const expiry = Number(cert!.expiryTime!.seconds) * 1000
    expect(Math.abs(expiry - (Date.now() + 30 * 86_400_000))).toBeLessThan(86_400_000)
  })

  it('serves the SP metadata it hands out, naming the entity id and the ACS URL; other ids are 404', async () => {
    const org = await newOrganization('SP Metadata Co')
    const {id} = await newConnection(org)
    const saml = (await ctx.client.connection.getConnection(org, id)).connection!.settings
    if (saml.case !== 'samlConfig') throw new Error('expected SAML settings')
    const response = await fetch(saml.value.spMetadataUrl)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/samlmetadata+xml; charset=utf-8')
    const doc = new DOMParser().parseFromString(await response.text(), 'text/xml')
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata'
    expect(doc.documentElement?.getAttribute('entityID')).toBe(saml.value.spEntityId)
    const acs = doc.getElementsByTagNameNS(md, 'AssertionConsumerService')[0]
    expect(acs?.getAttribute('Location')).toBe(saml.value.spAssertionUrl)
    expect(acs?.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST')

    const oidc = await newConnection(org, ConnectionType.OIDC)
    expect((await fetch(`${ctx.emulator.url}/sso/v1/saml/${oidc.id}/metadata`)).status).toBe(404)
    expect((await fetch(`${ctx.emulator.url}/sso/v1/saml/conn_1/metadata`)).status).toBe(404)
  })

  it('stores every OIDC setting, with the redirect URI the IdP needs', async () => {
    const org = await newOrganization('Full OIDC Co')
    const {id} = await newConnection(org, ConnectionType.OIDC)
    await rpc('updateConnection', {
      organizationId: org,
      id,
      connection: {
        provider: ConnectionProvider.MICROSOFT_AD,
        settings: {
          case: 'oidcConfig',
          value: {
            issuer: 'https://login.microsoftonline.com/tenant/v2.0',
            clientId: 'entra-client',
            clientSecret: 'entra-secret',
            scopes: [OIDCScope.openid, OIDCScope.email],
            tokenAuthType: TokenAuthType.BASIC_AUTH,
            pkceEnabled: true,
            idpLogoutRequired: true,
          },
        },
      },
    })
    const oidc = (await ctx.client.connection.getConnection(org, id)).connection!
    expect(oidc).toMatchObject({provider: ConnectionProvider.MICROSOFT_AD, status: ConnectionStatus.COMPLETED})
    expect(oidc.settings).toMatchObject({
      case: 'oidcConfig',
      value: {
        clientId: 'entra-client',
        clientSecret: '********',
        scopes: [OIDCScope.openid, OIDCScope.email],
        tokenAuthType: TokenAuthType.BASIC_AUTH,
        pkceEnabled: true,
        idpLogoutRequired: true,
        redirectUri: `${ctx.emulator.url}/sso/v1/oidc/${id}/callback`,
      },
    })
  })
})

describe('GetConnectionTestResult', () => {
  it('answers NOT_FOUND for an unknown test request and enforces the test_ prefix', async () => {
    const seeded = (await ctx.client.connection.listConnections(ctx.seededOrg)).connections[0]!.id
    const unknown = await failure(rpc('getConnectionTestResult', {connectionId: seeded, testRequestId: 'test_1'}))
    expect(unknown.message).toBe(`[not_found] test request test_1 not found for connection ${seeded}`)
    const prefix = await failure(rpc('getConnectionTestResult', {connectionId: seeded, testRequestId: 'run_1'}))
    expect(prefix.errorCode).toBe('INVALID_ARGUMENT')
  })
})

describe('connection context (admin-portal only)', () => {
  it('is refused to client credentials, as Scalekit does', async () => {
    const seeded = (await ctx.client.connection.listConnections(ctx.seededOrg)).connections[0]!.id
    const refused = await failure(rpc('getConnectionContext', {organizationId: ctx.seededOrg, connectionId: seeded}))
    expect(refused.errorCode).toBe('PERMISSION_DENIED')
  })

  it('keeps a context per connection for the portal, validated by the descriptors’ rules', async () => {
    const store = await openStore()
    const passwordless = new PasswordlessState()
    const invitations = new InvitationLinks(passwordless.outbox)
    const run = createHandlerRunner({services, store, events: new EventBus(), passwordless, invitations})
    const connection = store.connections.values().next().value!
    const request = {organizationId: connection.organizationId, connectionId: connection.id}
    const method = ConnectionService.method
    expect((await run(method.getConnectionContext, request, 'http://portal')).context).toEqual({})
    await run(method.updateConnectionContext, {...request, context: {step: 'metadata', tries: 2}}, 'http://portal')
    expect((await run(method.getConnectionContext, request, 'http://portal')).context).toEqual({
      step: 'metadata',
      tries: 2,
    })
    // The organization id may be left out.
    const withoutOrg = await run(method.getConnectionContext, {connectionId: connection.id}, 'http://portal')
    expect(withoutOrg.context).toEqual({step: 'metadata', tries: 2})
    await expect(run(method.getConnectionContext, {connectionId: 'dir_1'}, 'http://portal')).rejects.toThrow(
      /connection_id/,
    )
    store.close()
  })
})
