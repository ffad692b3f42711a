import {X509Certificate} from 'node:crypto'
import {create, fromJson, type JsonObject, type MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  ConnectionProvider,
  type ConnectionSchema,
  ConnectionType,
  IDPCertificateSchema,
  type ListConnectionSchema,
  OIDCConnectionConfigSchema,
  SAMLConnectionConfigResponseSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import type {ConnectionRecord, DomainRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {settingsSchema} from './connection-config.js'
import {toDomain} from './domains.js'

/** What a stored client secret reads back as: the emulator never hands a secret out again. */
export const MASKED_SECRET = '********'

/** Credential fields of the other settings kinds: read back masked, and a masked value sent back keeps the secret. */
export const OTHER_SECRET_FIELDS = ['clientSecret', 'serviceAccountJson'] as const

/**
 * Where the IdP talks to the environment for this connection, as Scalekit names them: the SAML service provider's
 * entity id, assertion consumer (ACS), logout and metadata URLs, and the OIDC redirect URI.
 */
export function serviceProviderUrls(origin: string, connection: Pick<ConnectionRecord, 'id'>) {
  const saml = `${origin}/sso/v1/saml/${connection.id}`
  return {
    spEntityId: saml,
    spAssertionUrl: `${saml}/callback`,
    spSloUrl: `${saml}/slo`,
    spMetadataUrl: `${saml}/metadata`,
    redirectUri: `${origin}/sso/v1/oidc/${connection.id}/callback`,
  }
}

/** The full Connection message (Get, Create, Update). */
export function toConnection(
  store: Store,
  connection: ConnectionRecord,
  origin: string,
): MessageInitShape<typeof ConnectionSchema> {
  return {
    id: connection.id,
    ...(connection.organizationId ? {organizationId: connection.organizationId} : {}),
    provider: connection.provider,
    providerKey: connection.providerKey ?? '',
    keyId: connection.keyId,
    type: connection.type,
    status: connection.status,
    enabled: connection.enabled,
    debugEnabled: connection.debugEnabled ?? false,
    uiButtonTitle: connection.uiButtonTitle ?? '',
    configurationType: connection.configurationType,
    attributeMapping: connection.attributeMapping ?? {},
    settings: settingsOf(connection, origin),
    domains: connectionDomains(store, connection).map((domain) => toDomain(store, domain)),
    createTime: timestampFromMs(connection.createTime),
    updateTime: timestampFromMs(connection.updateTime),
  }
}

/** The summary the list and search RPCs return, with the organization's name and SSO domains. */
export function toListConnection(
  store: Store,
  connection: ConnectionRecord,
): MessageInitShape<typeof ListConnectionSchema> {
  return {
    id: connection.id,
    organizationId: connection.organizationId,
    organizationName: store.organizations.get(connection.organizationId)?.displayName ?? '',
    provider: connection.provider,
    providerKey: connection.providerKey ?? '',
    keyId: connection.keyId ?? '',
    type: connection.type,
    status: connection.status,
    enabled: connection.enabled,
    uiButtonTitle: connection.uiButtonTitle ?? '',
    domains: connectionDomains(store, connection).map((domain) => domain.domain),
    createdAt: timestampFromMs(connection.createTime),
  }
}

/** The organization's domains that route users to its SSO connections (allowed email domains do not). */
export function ssoDomains(store: Store, organizationId: string): DomainRecord[] {
  if (!organizationId) return []
  return store.domains
    .listBy('organizationId', organizationId)
    .filter((domain) => domain.domainType === DomainType.ORGANIZATION_DOMAIN)
}

/** The domains that route to one connection: those assigned to it, else every organization domain. */
export function connectionDomains(store: Store, connection: ConnectionRecord): DomainRecord[] {
  const domains = ssoDomains(store, connection.organizationId)
  const assigned = connection.domainIds
  return assigned ? domains.filter((domain) => assigned.includes(domain.id)) : domains
}

function settingsOf(
  connection: ConnectionRecord,
  origin: string,
): MessageInitShape<typeof ConnectionSchema>['settings'] {
  const sp = serviceProviderUrls(origin, connection)
  if (connection.oidcConfig) {
    const config = fromJson(OIDCConnectionConfigSchema, connection.oidcConfig)
    if (config.clientSecret) config.clientSecret = MASKED_SECRET
    config.redirectUri ||= sp.redirectUri
    return {case: 'oidcConfig', value: config}
  }
  if (connection.samlConfig) {
    // Stored as the request shape; the response shape has the same names except the certificate, which is a list.
    const config = fromJson(SAMLConnectionConfigResponseSchema, connection.samlConfig, {ignoreUnknownFields: true})
    config.spEntityId ||= sp.spEntityId
    config.spAssertionUrl ||= sp.spAssertionUrl
    config.spSloUrl ||= sp.spSloUrl
    config.spMetadataUrl = sp.spMetadataUrl
    const certificate = connection.samlConfig.idpCertificate
    if (typeof certificate === 'string' && certificate) config.idpCertificates = [certificateOf(certificate)]
    return {case: 'samlConfig', value: config}
  }
  if (connection.otherSettings) {
    const {case: name, value} = connection.otherSettings
    const masked: JsonObject = {...value}
    for (const field of OTHER_SECRET_FIELDS) if (masked[field]) masked[field] = MASKED_SECRET
    return {case: name, value: fromJson(settingsSchema(name), masked)} as MessageInitShape<
      typeof ConnectionSchema
    >['settings']
  }
  // A connection shows the values its IdP needs before anything is configured; the simulator needs none.
  if (connection.provider === ConnectionProvider.IDP_SIMULATOR) return undefined
  if (connection.type === ConnectionType.SAML) {
    const {redirectUri: _, ...saml} = sp
    return {case: 'samlConfig', value: saml}
  }
  if (connection.type === ConnectionType.OIDC && connection.organizationId) {
    return {case: 'oidcConfig', value: {redirectUri: sp.redirectUri}}
  }
  return undefined
}

/** The certificate as given, with its dates and issuer when it parses (PEM, or the bare base64 of metadata). */
function certificateOf(text: string) {
  const certificate = create(IDPCertificateSchema, {certificate: text})
  const parsed = parseCertificate(text)
  if (parsed) {
    certificate.createTime = timestampFromMs(Date.parse(parsed.validFrom))
    certificate.expiryTime = timestampFromMs(Date.parse(parsed.validTo))
    certificate.issuer = parsed.issuer
  }
  return certificate
}

function parseCertificate(text: string): X509Certificate | undefined {
  const body = text.includes('-----BEGIN')
    ? text
    : `-----BEGIN CERTIFICATE-----\n${text.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`
  try {
    return new X509Certificate(body)
  } catch {
    return undefined
  }
}
