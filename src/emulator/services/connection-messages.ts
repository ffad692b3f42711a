import {create, fromJson, type MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  type ConnectionSchema,
  IDPCertificateSchema,
  type ListConnectionSchema,
  OIDCConnectionConfigSchema,
  SAMLConnectionConfigResponseSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import type {ConnectionRecord, DomainRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {toDomain} from './domains.js'

/** What a stored client secret reads back as: the emulator never hands a secret out again. */
export const MASKED_SECRET = '********'

/** The full Connection message (Get, Create, Update). */
export function toConnection(store: Store, connection: ConnectionRecord): MessageInitShape<typeof ConnectionSchema> {
  return {
    id: connection.id,
    organizationId: connection.organizationId,
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
    settings: settingsOf(connection),
    domains: ssoDomains(store, connection.organizationId).map((domain) => toDomain(store, domain)),
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
    domains: ssoDomains(store, connection.organizationId).map((domain) => domain.domain),
    createdAt: timestampFromMs(connection.createTime),
  }
}

/** The organization's domains that route users to its SSO connections (allowed email domains do not). */
export function ssoDomains(store: Store, organizationId: string): DomainRecord[] {
  return store.domains
    .listBy('organizationId', organizationId)
    .filter((domain) => domain.domainType === DomainType.ORGANIZATION_DOMAIN)
}

function settingsOf(connection: ConnectionRecord): MessageInitShape<typeof ConnectionSchema>['settings'] {
  if (connection.oidcConfig) {
    const config = fromJson(OIDCConnectionConfigSchema, connection.oidcConfig)
    if (config.clientSecret) config.clientSecret = MASKED_SECRET
    return {case: 'oidcConfig', value: config}
  }
  if (connection.samlConfig) {
    // Stored as the request shape; the response shape has the same names except the certificate, which is a list.
    const config = fromJson(SAMLConnectionConfigResponseSchema, connection.samlConfig, {ignoreUnknownFields: true})
    const certificate = connection.samlConfig.idpCertificate
    if (typeof certificate === 'string' && certificate)
      config.idpCertificates = [create(IDPCertificateSchema, {certificate})]
    return {case: 'samlConfig', value: config}
  }
  return undefined
}
