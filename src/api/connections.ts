import type {
  Connection,
  GetConnectionTestResultResponse,
  ListConnectionsResponse,
  ListOrganizationConnectionsResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'

import {CliError, invalidInput} from '../errors.js'
import {MASK} from '../redact.js'
import type {Api} from './client.js'
import {type ConnectionProviderName, providerEnumName} from './connection-providers.js'
import {type ToggleResult, toggled} from './toggle.js'
import {type DomainJson, parseDomainName} from './domains.js'
import {onePage, paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'
import {protobuf} from './protobuf.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'))

/** A connection as ListConnections returns it (a summary), in protobuf JSON form. */
export interface ConnectionSummaryJson {
  createdAt?: string
  domains: string[]
  enabled: boolean
  id: string
  keyId: string
  mcpServerUrl: string
  organizationId: string
  organizationName: string
  provider: string
  providerKey: string
  status: string
  type: string
  uiButtonTitle: string
}

type Settings = Record<string, unknown>

/** A connection with its settings, in protobuf JSON form; credentials in the settings are masked. */
export interface ConnectionJson {
  attributeMapping: Record<string, string>
  configurationType: string
  createTime?: string
  debugEnabled: boolean
  domains: DomainJson[]
  enabled: boolean
  googleDwdConfig?: Settings
  id: string
  keyId?: string
  oauthConfig?: Settings
  oidcConfig?: Settings
  organizationId?: string
  passwordlessConfig?: Settings
  provider: string
  providerKey: string
  samlConfig?: Settings
  staticConfig?: Settings
  status: string
  testConnectionUri: string
  type: string
  uiButtonTitle: string
  updateTime?: string
  webauthnConfig?: Settings
}

/** Settings fields that hold credentials. Their values never reach output; "****" says one is set. */
const SECRET_FIELDS = [
  ['oidcConfig', 'clientSecret'],
  ['oauthConfig', 'clientSecret'],
  ['googleDwdConfig', 'serviceAccountJson'],
  ['staticConfig', 'staticConfig'],
] as const

export function maskSecrets(connection: ConnectionJson): ConnectionJson {
  for (const [group, field] of SECRET_FIELDS) {
    const settings = connection[group]
    if (settings?.[field] !== undefined && settings[field] !== '') settings[field] = MASK
  }
  return connection
}

/** The domain part of `--domain`, which also takes an email address (`jane@acme.com` → `acme.com`). */
export function parseEmailDomain(value: string): string {
  const at = value.lastIndexOf('@')
  if (at >= 0 && !value.slice(at + 1).trim()) throw invalidInput(`"${value}" has no domain after the @`)
  return parseDomainName(at >= 0 ? value.slice(at + 1) : value)
}

export type ConnectionFilter = {domain: string} | {organizationId: string}

/** ListConnections answers with every match at once; --limit applies to what came back. */
export async function* listConnections(
  api: Api,
  filter: ConnectionFilter,
  limit?: number,
): Pages<ConnectionSummaryJson> {
  const res: ListConnectionsResponse = await api.call((c) =>
    'domain' in filter
      ? c.connection.listConnectionsByDomain(filter.domain)
      : c.connection.listConnections(filter.organizationId),
  )
  const {ListConnectionSchema} = await schemas()
  const items = await Promise.all(res.connections.map((c) => protoJson<ConnectionSummaryJson>(ListConnectionSchema, c)))
  yield onePage(items, limit)
}

/** ListOrganizationConnections takes at most 30 per page (its page_size rule). */
const ORGANIZATION_CONNECTIONS_PAGE_SIZE = 30

/**
 * Every organization's connections, a page at a time (ListOrganizationConnections): one walk over the environment
 * instead of one call per organization, for checks across all of them.
 */
export function listAllOrganizationConnections(api: Api): Pages<ConnectionSummaryJson> {
  return paginate(
    async (pageToken, pageSize) => {
      const res = await api.rpc<unknown, ListOrganizationConnectionsResponse>(
        (c) => c.connection,
        'listOrganizationConnections',
        {pageSize, pageToken},
      )
      const {ListConnectionSchema} = await schemas()
      const items = await Promise.all(
        res.connections.map((c) => protoJson<ConnectionSummaryJson>(ListConnectionSchema, c)),
      )
      return {items, nextPageToken: res.nextPageToken, totalSize: res.totalSize}
    },
    undefined,
    ORGANIZATION_CONNECTIONS_PAGE_SIZE,
  )
}

export async function getConnection(api: Api, organizationId: string, id: string): Promise<ConnectionJson> {
  const res = await api.call((c) => c.connection.getConnection(organizationId, id))
  return toJson(res.connection)
}

async function toJson(connection: Connection | undefined): Promise<ConnectionJson> {
  if (!connection) throw new CliError('api_error', 'the API answered without a connection')
  const {ConnectionSchema} = await schemas()
  return maskSecrets(await protoJson<ConnectionJson>(ConnectionSchema, connection))
}

/** Enables or disables a connection; a toggle the server declines (it says why) is a failure. */
export async function setConnectionEnabled(
  api: Api,
  organizationId: string,
  id: string,
  enabled: boolean,
): Promise<ToggleResult> {
  const res = await api.call((c) =>
    enabled ? c.connection.enableConnection(organizationId, id) : c.connection.disableConnection(organizationId, id),
  )
  return toggled(
    res,
    {enabled, id, noun: 'connection', organizationId},
    `check its configuration: skctl connections get --org ${organizationId} ${id}`,
  )
}

/** The IdP settings a create or update sends; what is not given is kept (update) or left unset (create). */
export interface SamlSettingsInput {
  idpCertificate?: string
  idpEntityId?: string
  idpMetadataUrl?: string
  idpSsoRequestBinding?: 'HTTP_POST' | 'HTTP_REDIRECT'
  idpSsoUrl?: string
}

export interface OidcSettingsInput {
  clientId?: string
  clientSecret?: string
  /** An issuer URL, or the discovery document's URL (`…/.well-known/openid-configuration`). */
  issuer?: string
}

export interface ConnectionChanges {
  attributeMapping?: Record<string, string>
  oidc?: OidcSettingsInput
  saml?: SamlSettingsInput
  uiButtonTitle?: string
}

export const hasChanges = (changes: ConnectionChanges) =>
  Boolean(changes.oidc || changes.saml || changes.attributeMapping || changes.uiButtonTitle !== undefined)

/**
 * Creates an organization's SSO connection through the CreateConnection RPC, then configures it (UpdateConnection)
 * and enables it when asked. A connection whose configuration the API refuses is deleted again, so a failed create
 * leaves nothing behind.
 */
export function createConnection(api: Api, organizationId: string, input: NewConnection): Promise<ConnectionJson> {
  // Enabling answers with the flag alone: the connection is read back to show it as it now is.
  return buildConnection(api, organizationId, input, async (connection, id) =>
    input.enable ? getConnection(api, organizationId, id) : toJson(connection),
  )
}

/** As createConnection, without reading the connection back: its id (for apply, which needs no more). */
export function makeConnection(api: Api, organizationId: string, input: NewConnection): Promise<{id: string}> {
  return buildConnection(api, organizationId, input, async (_, id) => ({id}))
}

export interface NewConnection {
  changes: ConnectionChanges
  enable: boolean
  provider: ConnectionProviderName
  type: 'OIDC' | 'SAML'
}

async function buildConnection<T>(
  api: Api,
  organizationId: string,
  input: NewConnection,
  finish: (connection: Connection, id: string) => Promise<T>,
): Promise<T> {
  const {ConnectionProvider, ConnectionType} = await schemas()
  const provider = ConnectionProvider[providerEnumName(input.provider) as keyof typeof ConnectionProvider]
  const res = await api.rpc<unknown, {connection?: Connection}>((c) => c.connection, 'createConnection', {
    connection: {provider, type: ConnectionType[input.type]},
    organizationId,
  })
  if (!res.connection) throw new CliError('api_error', 'the API answered without a connection')
  const {id} = res.connection
  try {
    let connection = res.connection
    if (hasChanges(input.changes)) connection = await sendUpdate(api, organizationId, connection, input.changes)
    if (input.enable) await setConnectionEnabled(api, organizationId, id, true)
    return await finish(connection, id)
  } catch (error) {
    await api.call((c) => c.connection.deleteConnection(organizationId, id)).catch(() => {})
    throw error
  }
}

/** Changes the settings given and keeps every other one (the stored secret too: it is sent back masked). */
export async function updateConnection(
  api: Api,
  organizationId: string,
  id: string,
  changes: ConnectionChanges,
): Promise<ConnectionJson> {
  const current = (await api.call((c) => c.connection.getConnection(organizationId, id))).connection
  if (!current) throw new CliError('api_error', 'the API answered without a connection')
  return toJson(await sendUpdate(api, organizationId, current, changes))
}

async function sendUpdate(
  api: Api,
  organizationId: string,
  current: Connection,
  changes: ConnectionChanges,
): Promise<Connection> {
  const {ConnectionType} = await schemas()
  const settings =
    current.type === ConnectionType.SAML
      ? await samlSettings(current, changes.saml)
      : current.type === ConnectionType.OIDC
        ? await oidcSettings(current, changes.oidc)
        : undefined
  const wrongKind = current.type === ConnectionType.SAML ? changes.oidc : changes.saml
  if (wrongKind) {
    const kind = current.type === ConnectionType.SAML ? 'OIDC' : 'SAML'
    throw invalidInput(`connection ${current.id} is ${ConnectionType[current.type]}: it takes no ${kind} settings`)
  }
  const res = await api.rpc<unknown, {connection?: Connection}>((c) => c.connection, 'updateConnection', {
    connection: {
      attributeMapping: {...current.attributeMapping, ...changes.attributeMapping},
      provider: current.provider,
      providerKey: current.providerKey,
      settings,
      type: current.type,
      uiButtonTitle: changes.uiButtonTitle ?? current.uiButtonTitle,
    },
    id: current.id,
    organizationId,
  })
  if (!res.connection) throw new CliError('api_error', 'the API answered without a connection')
  return res.connection
}

/** The stored SAML settings (response shape) as a request, with the changes applied. */
async function samlSettings(current: Connection, input: SamlSettingsInput | undefined) {
  const {fromJson, toJson: messageJson} = protobuf()
  const {SAMLConnectionConfigRequestSchema, SAMLConnectionConfigResponseSchema} = await schemas()
  const stored =
    current.settings.case === 'samlConfig'
      ? (messageJson(SAMLConnectionConfigResponseSchema, current.settings.value) as Record<string, unknown>)
      : {}
  const certificates = (stored.idpCertificates ?? []) as Array<{certificate?: string}>
  // The service-provider values are the environment's to give, and the certificate list is response-only.
  const {idpCertificates: _c, spMetadataUrl: _m, spEntityId: _e, spAssertionUrl: _a, spSloUrl: _s, ...kept} = stored
  delete kept.allowIdpInitiatedLogin
  const merged: Record<string, unknown> = {...kept, idpCertificate: certificates[0]?.certificate}
  // Metadata given as a file replaces a metadata URL; a new URL replaces the values read from the old one.
  if (input) Object.assign(merged, {idpMetadataUrl: undefined}, input)
  const json = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined && v !== ''))
  return {
    case: 'samlConfig' as const,
    value: fromJson(SAMLConnectionConfigRequestSchema, json as never, {ignoreUnknownFields: true}),
  }
}

async function oidcSettings(current: Connection, input: OidcSettingsInput | undefined) {
  const {create} = protobuf()
  const {OIDCConnectionConfigSchema} = await schemas()
  const value = create(OIDCConnectionConfigSchema, current.settings.case === 'oidcConfig' ? current.settings.value : {})
  if (input?.issuer !== undefined) {
    const discovery = input.issuer.includes('/.well-known/')
    value.issuer = discovery ? undefined : input.issuer
    value.discoveryEndpoint = discovery ? input.issuer : undefined
  }
  if (input?.clientId !== undefined) value.clientId = input.clientId
  if (input?.clientSecret !== undefined) value.clientSecret = input.clientSecret
  return {case: 'oidcConfig' as const, value}
}

export async function deleteConnection(api: Api, organizationId: string, id: string): Promise<void> {
  await api.call((c) => c.connection.deleteConnection(organizationId, id))
}

export interface TestResultJson {
  error?: string
  errorDescription?: string
  errorDetails?: string
  status: string
  userInfo?: string
}

/** The outcome of a Test connection run started in the admin portal (its id is `test_…`). */
export async function getConnectionTestResult(
  api: Api,
  connectionId: string,
  testRequestId: string,
): Promise<TestResultJson> {
  const {GetConnectionTestResultResponseSchema} = await schemas()
  const res = await api.rpc<unknown, GetConnectionTestResultResponse>((c) => c.connection, 'getConnectionTestResult', {
    connectionId,
    testRequestId,
  })
  return protoJson<TestResultJson>(GetConnectionTestResultResponseSchema, res)
}
