import {create} from '@bufbuild/protobuf'
import {ConnectError} from '@connectrpc/connect'
import {
  ConnectionProvider,
  ConnectionService,
  ConnectionStatus,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DomainService,
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {describe, expect, it} from 'vitest'
import {clientToken, failure, grpcClient, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

async function newOrganization(name: string): Promise<string> {
  return (await ctx.client.organization.createOrganization(name)).organization!.id
}

const samlConnection = (provider = ConnectionProvider.OKTA) =>
  create(CreateConnectionSchema, {provider, type: ConnectionType.SAML})

describe('DomainService', () => {
  it('creates a lower-cased, verified organization domain by default', async () => {
    const org = await newOrganization('Domains Co')
    const {domain} = await ctx.client.domain.createDomain(org, 'Acme.EXAMPLE.')
    expect(domain?.id).toMatch(/^dom_\d{17}$/)
    expect(domain).toMatchObject({
      domain: 'acme.example',
      organizationId: org,
      domainType: DomainType.ORGANIZATION_DOMAIN,
      verificationStatus: VerificationStatus.VERIFIED,
      verificationMethod: VerificationMethod.ADMIN,
    })
    expect(domain?.environmentId).toMatch(/^env_\d{17}$/)
    expect((await ctx.client.domain.getDomain(org, domain!.id)).domain?.domain).toBe('acme.example')
  })

  it('gives a domain name to one organization only and names the owner', async () => {
    const org = await newOrganization('Squatter Co')
    const taken = await failure(ctx.client.domain.createDomain(org, 'EXAMPLE.com'))
    expect(taken.name).toBe('ScalekitConflictException')
    expect(taken.errorCode).toBe('ALREADY_EXISTS')
    expect(taken.message).toBe(`[already_exists] domain example.com already belongs to organization ${ctx.seededOrg}`)
    const invalid = await failure(ctx.client.domain.createDomain(org, 'not a domain'))
    expect(invalid.message).toBe('[invalid_argument] not a domain is not a valid domain name')
    const short = await failure(ctx.client.domain.createDomain(org, 'a.b'))
    expect(short.message).toBe('[invalid_argument] domain.domain: must be at least 4 characters [string.min_len]')
  })

  it('lists domains filtered by type and deletes them', async () => {
    const org = await newOrganization('Mixed Domains Co')
    const sso = (await ctx.client.domain.createDomain(org, 'mixed.example')).domain!
    const allowed = (await ctx.client.domain.createDomain(org, 'partner.example', {domainType: 'ALLOWED_EMAIL_DOMAIN'}))
      .domain!
    expect(allowed).toMatchObject({
      domainType: DomainType.ALLOWED_EMAIL_DOMAIN,
      verificationMethod: VerificationMethod.NOT_APPLICABLE,
    })
    const all = await ctx.client.domain.listDomains(org)
    expect(all.domains.map((d) => d.domain)).toEqual(['mixed.example', 'partner.example'])
    const onlyAllowed = await ctx.client.domain.listDomains(org, {domainType: DomainType.ALLOWED_EMAIL_DOMAIN})
    expect(onlyAllowed.domains.map((d) => d.id)).toEqual([allowed.id])

    await ctx.client.domain.deleteDomain(org, sso.id)
    const gone = await failure(ctx.client.domain.getDomain(org, sso.id))
    expect(gone.name).toBe('ScalekitNotFoundException')
    expect(gone.message).toBe(`[not_found] domain ${sso.id} not found`)
    // A domain is only found through the organization that owns it.
    expect((await failure(ctx.client.domain.getDomain(ctx.seededOrg, allowed.id))).errorCode).toBe('NOT_FOUND')
    expect((await failure(ctx.client.domain.listDomains('org_12345678901234567'))).message).toBe(
      '[not_found] organization org_12345678901234567 not found',
    )
  })
})

describe('ConnectionService', () => {
  it('lists the seeded IdP-simulator connection by domain, with the organization and its domains', async () => {
    const {connections} = await ctx.client.connection.listConnectionsByDomain('example.com')
    expect(connections).toHaveLength(1)
    expect(connections[0]).toMatchObject({
      organizationId: ctx.seededOrg,
      organizationName: 'Test Organization',
      provider: ConnectionProvider.IDP_SIMULATOR,
      type: ConnectionType.OIDC,
      status: ConnectionStatus.COMPLETED,
      enabled: true,
      domains: ['example.com', 'example.org'],
    })
    expect(connections[0]?.id).toMatch(/^conn_\d{17}$/)
    expect((await ctx.client.connection.listConnectionsByDomain('EXAMPLE.org')).connections).toHaveLength(1)
    expect((await ctx.client.connection.listConnectionsByDomain('nobody.example')).connections).toEqual([])
  })

  it('does not route allowed email domains to SSO', async () => {
    const org = await newOrganization('Allowed Only Co')
    await ctx.client.domain.createDomain(org, 'allowed-only.example', {domainType: 'ALLOWED_EMAIL_DOMAIN'})
    await ctx.client.connection.createConnection(org, samlConnection())
    expect((await ctx.client.connection.listConnectionsByDomain('allowed-only.example')).connections).toEqual([])
    expect((await ctx.client.connection.listConnections(org)).connections).toHaveLength(1)
  })

  it('creates a draft connection that is disabled until enabled', async () => {
    const org = await newOrganization('SSO Co')
    await ctx.client.domain.createDomain(org, 'sso-co.example')
    const {connection} = await ctx.client.connection.createConnection(org, samlConnection())
    expect(connection).toMatchObject({
      organizationId: org,
      provider: ConnectionProvider.OKTA,
      type: ConnectionType.SAML,
      status: ConnectionStatus.DRAFT,
      enabled: false,
    })
    expect(connection?.domains.map((d) => d.domain)).toEqual(['sso-co.example'])

    expect((await ctx.client.connection.enableConnection(org, connection!.id)).enabled).toBe(true)
    const enabled = (await ctx.client.connection.getConnection(org, connection!.id)).connection
    expect(enabled).toMatchObject({enabled: true, status: ConnectionStatus.DRAFT})
    expect((await ctx.client.connection.disableConnection(org, connection!.id)).enabled).toBe(false)
    const listed = (await ctx.client.connection.listConnectionsByDomain('sso-co.example')).connections
    expect(listed.map((c) => [c.id, c.enabled])).toEqual([[connection!.id, false]])
  })

  it('accepts only OIDC and SAML for organization connections, as the rules and the emulator say', async () => {
    const noProvider = await failure(
      ctx.client.connection.createConnection(
        ctx.seededOrg,
        create(CreateConnectionSchema, {type: ConnectionType.OIDC}),
      ),
    )
    expect(noProvider.message).toBe('[invalid_argument] connection: provider or provider_key is required []')
    const oauth = await failure(
      ctx.client.connection.createConnection(
        ctx.seededOrg,
        create(CreateConnectionSchema, {provider: ConnectionProvider.GOOGLE, type: ConnectionType.OAUTH}),
      ),
    )
    expect(oauth.message).toBe(
      '[invalid_argument] connection: OAUTH, PASSWORDLESS and WEBAUTHN are not supported yet []',
    )
    const password = await failure(
      ctx.client.connection.createConnection(
        ctx.seededOrg,
        create(CreateConnectionSchema, {provider: ConnectionProvider.CUSTOM, type: ConnectionType.PASSWORD}),
      ),
    )
    expect(password.message).toBe('[invalid_argument] organization connections are OIDC or SAML, not PASSWORD')
  })

  it('deletes a connection; NOT_FOUND names it, also when asked through another organization', async () => {
    const org = await newOrganization('Disconnect Co')
    const {connection} = await ctx.client.connection.createConnection(org, samlConnection(ConnectionProvider.JUMPCLOUD))
    const elsewhere = await failure(ctx.client.connection.getConnection(ctx.seededOrg, connection!.id))
    expect(elsewhere.message).toBe(`[not_found] connection ${connection!.id} not found`)
    await ctx.client.connection.deleteConnection(org, connection!.id)
    const gone = await failure(ctx.client.connection.getConnection(org, connection!.id))
    expect(gone.name).toBe('ScalekitNotFoundException')
    expect(gone.errorCode).toBe('NOT_FOUND')
    expect(gone.message).toBe(`[not_found] connection ${connection!.id} not found`)
    expect((await failure(ctx.client.connection.enableConnection(org, 'conn_1'))).message).toBe(
      '[not_found] connection conn_1 not found',
    )
    expect((await failure(ctx.client.connection.listConnections('org_12345678901234567'))).message).toBe(
      '[not_found] organization org_12345678901234567 not found',
    )
  })
})

describe('RPCs the SDK does not wrap (plain gRPC client)', () => {
  it('configures a connection: IN_PROGRESS until the IdP is fully described, then COMPLETED', async () => {
    const connections = grpcClient(ConnectionService, ctx.emulator.url, await clientToken(ctx.emulator.url))
    const org = await newOrganization('Configure Co')
    const id = (
      await ctx.client.connection.createConnection(
        org,
        create(CreateConnectionSchema, {
          provider: ConnectionProvider.OKTA,
          type: ConnectionType.OIDC,
        }),
      )
    ).connection!.id
    const update = (oidcConfig: Record<string, string>) =>
      connections.updateConnection({
        organizationId: org,
        id,
        connection: {
          provider: ConnectionProvider.OKTA,
          uiButtonTitle: 'Sign in with Okta',
          settings: {case: 'oidcConfig', value: oidcConfig},
        },
      })

    const partial = (await update({issuer: 'https://idp.example', clientId: 'abc'})).connection
    expect(partial).toMatchObject({status: ConnectionStatus.IN_PROGRESS, uiButtonTitle: 'Sign in with Okta'})
    const complete = (await update({issuer: 'https://idp.example', clientId: 'abc', clientSecret: 's3cret'})).connection
    expect(complete?.status).toBe(ConnectionStatus.COMPLETED)
    expect(complete?.settings).toMatchObject({
      case: 'oidcConfig',
      value: {issuer: 'https://idp.example', clientId: 'abc'},
    })
    // Secrets are stored but never read back.
    expect(complete?.settings.case === 'oidcConfig' && complete.settings.value.clientSecret).toBe('********')

    // Sending the mask back keeps the stored secret.
    const kept = (await update({issuer: 'https://idp.example', clientId: 'abc', clientSecret: '********'})).connection
    expect(kept?.status).toBe(ConnectionStatus.COMPLETED)

    const wrongKind = await connections
      .updateConnection({
        organizationId: org,
        id,
        connection: {provider: ConnectionProvider.OKTA, settings: {case: 'samlConfig', value: {}}},
      })
      .catch((error: unknown) => ConnectError.from(error))
    expect(wrongKind).toBeInstanceOf(ConnectError)
    expect((wrongKind as ConnectError).rawMessage).toBe('saml_config needs a SAML connection')
  })

  it('configures SAML from a metadata URL or from the IdP details entered by hand', async () => {
    const connections = grpcClient(ConnectionService, ctx.emulator.url, await clientToken(ctx.emulator.url))
    const org = await newOrganization('SAML Co')
    const id = (await ctx.client.connection.createConnection(org, samlConnection())).connection!.id
    const update = (samlConfig: Record<string, string>) =>
      connections.updateConnection({
        organizationId: org,
        id,
        connection: {provider: ConnectionProvider.OKTA, settings: {case: 'samlConfig', value: samlConfig}},
      })
    const partial = (await update({idpEntityId: 'urn:idp', idpSsoUrl: 'https://idp.example/sso'})).connection
    expect(partial?.status).toBe(ConnectionStatus.IN_PROGRESS)
    const manual = (
      await update({idpEntityId: 'urn:idp', idpSsoUrl: 'https://idp.example/sso', idpCertificate: 'MIIC...'})
    ).connection
    expect(manual?.status).toBe(ConnectionStatus.COMPLETED)
    expect(manual?.settings).toMatchObject({
      case: 'samlConfig',
      value: {idpEntityId: 'urn:idp', idpCertificates: [{certificate: 'MIIC...'}]},
    })
    const byUrl = (await update({idpMetadataUrl: 'https://idp.example/metadata'})).connection
    expect(byUrl?.status).toBe(ConnectionStatus.COMPLETED)
  })

  it('lists and searches connections across organizations', async () => {
    const connections = grpcClient(ConnectionService, ctx.emulator.url, await clientToken(ctx.emulator.url))
    const org = await newOrganization('Searchable Widgets')
    await ctx.client.domain.createDomain(org, 'widgets.example')
    const created = (await ctx.client.connection.createConnection(org, samlConnection(ConnectionProvider.ONELOGIN)))
      .connection!

    const all = await connections.listOrganizationConnections({pageSize: 30})
    expect(all.connections.map((c) => c.id)).toContain(created.id)
    expect(all.totalSize).toBe(all.connections.length)

    for (const query of ['searchable', 'widgets.example', 'onelogin']) {
      const found = await connections.searchOrganizationConnections({query})
      expect(
        found.connections.map((c) => c.id),
        query,
      ).toEqual([created.id])
    }
    const drafts = await connections.searchOrganizationConnections({
      status: ConnectionStatus.DRAFT,
      provider: 'onelogin',
    })
    expect(drafts.connections.map((c) => c.id)).toEqual([created.id])
    const enabledSaml = await connections.searchOrganizationConnections({
      connectionType: ConnectionType.SAML,
      enabled: true,
    })
    expect(enabledSaml.connections.map((c) => c.id)).not.toContain(created.id)
  })

  it('verifies and "updates" domains', async () => {
    const domains = grpcClient(DomainService, ctx.emulator.url, await clientToken(ctx.emulator.url))
    const org = await newOrganization('Verify Co')
    const id = (await ctx.client.domain.createDomain(org, 'verify.example')).domain!.id
    const identities = {case: 'organizationId' as const, value: org}
    expect((await domains.verifyDomain({identities, id})).verified).toBe(true)
    expect((await domains.updateDomain({identities, id, domain: {}})).domain?.domain).toBe('verify.example')
  })
})
