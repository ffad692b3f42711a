import {type DescMessage, type JsonObject, type Message, toJson} from '@bufbuild/protobuf'
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
  type CreateConnection,
  OIDCConnectionConfigSchema,
  SAMLConnectionConfigRequestSchema,
  type UpdateConnection,
  UpdateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {invalidArgument} from '../rpc/errors.js'
import type {ConnectionRecord} from '../store/records.js'
import {connectionClaim} from '../store/pinned-ids.js'
import type {Store} from '../store/store.js'
import {MASKED_SECRET, OTHER_SECRET_FIELDS} from './connection-messages.js'

// Organization connections are enterprise SSO: OIDC or SAML. Their status follows their settings: DRAFT until
// something is configured, IN_PROGRESS while required settings are missing, COMPLETED once the IdP is fully
// described. Enabling is separate and leaves the status alone.

const SSO_TYPES = new Set([ConnectionType.OIDC, ConnectionType.SAML])

/** Where a connection says its IdP lives: fetched by the emulator (Test connection) or opened in browsers. */
const OIDC_URL_FIELDS = ['issuer', 'discoveryEndpoint', 'authorizeUri', 'tokenUri', 'userInfoUri', 'jwksUri']
const SAML_URL_FIELDS = ['idpMetadataUrl', 'idpSsoUrl', 'idpSloUrl']
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function assertSsoType(type: ConnectionType): void {
  if (type === ConnectionType.INVALID) throw invalidArgument('connection.type is required: OIDC or SAML')
  if (!SSO_TYPES.has(type)) {
    throw invalidArgument(`organization connections are OIDC or SAML, not ${ConnectionType[type] ?? type}`)
  }
}

/** Environment connections that need no settings of their own: complete as soon as they exist. */
const SELF_CONTAINED = new Set([
  ConnectionType.PASSWORD,
  ConnectionType.PASSWORDLESS,
  ConnectionType.WEBAUTHN,
  ConnectionType.NO_AUTH,
])

/**
 * A new connection is a DRAFT, except one that needs no settings: the IdP simulator, or an environment connection
 * such as passwordless; those are complete at once.
 */
export function initialStatus(provider: ConnectionProvider, type?: ConnectionType): ConnectionStatus {
  const complete = provider === ConnectionProvider.IDP_SIMULATOR || (type !== undefined && SELF_CONTAINED.has(type))
  return complete ? ConnectionStatus.COMPLETED : ConnectionStatus.DRAFT
}

export function assertSomeType(type: ConnectionType): void {
  if (type === ConnectionType.INVALID) throw invalidArgument('connection.type is required')
}

/** The provider a request names: the enum, else a provider_key that spells an enum name, else CUSTOM. */
export function providerOf(provider: ConnectionProvider, providerKey: string): ConnectionProvider {
  if (provider !== ConnectionProvider.CONNECTION_PROVIDER_UNSPECIFIED) return provider
  const named = (ConnectionProvider as unknown as Record<string, number | undefined>)[providerKey.toUpperCase()]
  return named ?? ConnectionProvider.CUSTOM
}

/**
 * Applies an UpdateConnection: the fields it sets, and settings that must match the connection's type. Organization
 * connections are OIDC or SAML; environment connections (no organization) may be of any type.
 */
export function applyConnectionUpdate(current: ConnectionRecord, changes: UpdateConnection): ConnectionRecord {
  const environment = current.organizationId === ''
  const updated: ConnectionRecord = {...current, updateTime: Date.now()}
  if (changes.type !== ConnectionType.INVALID) {
    if (!environment) assertSsoType(changes.type)
    updated.type = changes.type
  }
  updated.provider = providerOf(changes.provider, changes.providerKey || current.providerKey || '')
  if (changes.providerKey) updated.providerKey = changes.providerKey
  if (changes.keyId !== undefined) updated.keyId = changes.keyId
  if (changes.debugEnabled !== undefined) updated.debugEnabled = changes.debugEnabled
  if (changes.uiButtonTitle !== undefined) updated.uiButtonTitle = changes.uiButtonTitle
  if (changes.configurationType) updated.configurationType = changes.configurationType
  if (Object.keys(changes.attributeMapping).length > 0) updated.attributeMapping = {...changes.attributeMapping}

  const {settings} = changes
  if (settings.case === 'oidcConfig') {
    if (updated.type !== ConnectionType.OIDC) throw invalidArgument('oidc_config needs an OIDC connection')
    const config = toJson(OIDCConnectionConfigSchema, settings.value) as JsonObject
    // A masked secret read back from GetConnection means "keep the secret I have".
    if (config.clientSecret === MASKED_SECRET) {
      const kept = current.oidcConfig?.clientSecret
      if (kept === undefined) delete config.clientSecret
      else config.clientSecret = kept
    }
    assertIdpUrls('oidc_config', config, OIDC_URL_FIELDS)
    updated.oidcConfig = config
    delete updated.samlConfig
    delete updated.otherSettings
    updated.status = oidcComplete(updated.oidcConfig) ? ConnectionStatus.COMPLETED : ConnectionStatus.IN_PROGRESS
  } else if (settings.case === 'samlConfig') {
    if (updated.type !== ConnectionType.SAML) throw invalidArgument('saml_config needs a SAML connection')
    updated.samlConfig = toJson(SAMLConnectionConfigRequestSchema, settings.value) as JsonObject
    assertIdpUrls('saml_config', updated.samlConfig, SAML_URL_FIELDS)
    delete updated.oidcConfig
    delete updated.otherSettings
    updated.status = samlComplete(updated.samlConfig) ? ConnectionStatus.COMPLETED : ConnectionStatus.IN_PROGRESS
  } else if (settings.case !== undefined && environment) {
    const value = toJson(settingsSchema(settings.case), settings.value as Message) as JsonObject
    keepMaskedSecrets(value, current.otherSettings?.case === settings.case ? current.otherSettings.value : undefined)
    updated.otherSettings = {case: settings.case, value}
    delete updated.oidcConfig
    delete updated.samlConfig
    updated.status = ConnectionStatus.COMPLETED
  } else if (settings.case !== undefined) {
    throw invalidArgument(`${settings.case} does not apply to organization SSO connections`)
  }
  return updated
}

/**
 * IdP addresses are https, as Scalekit requires; plain http only on loopback, where a local IdP runs. Anything else
 * (`javascript:`, `file:`, `http://idp.example`) is refused before the connection can count as complete.
 */
function assertIdpUrls(message: string, config: JsonObject, fields: readonly string[]): void {
  for (const field of fields) {
    const value = config[field]
    if (typeof value !== 'string' || value === '') continue
    const url = URL.parse(value)
    const loopback = url?.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname)
    if (url && (url.protocol === 'https:' || loopback) && !url.username && !url.password) continue
    const name = `${message}.${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`
    const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value
    throw invalidArgument(
      `${name} must be an https URL (http only on 127.0.0.1, localhost or [::1]): ${JSON.stringify(shown)}`,
    )
  }
}

/** Client credentials plus a way to find the IdP's endpoints (discovery, issuer, or both endpoints by hand). */
function oidcComplete(config: JsonObject): boolean {
  const endpoints = config.discoveryEndpoint || config.issuer || (config.authorizeUri && config.tokenUri)
  return Boolean(config.clientId && config.clientSecret && endpoints)
}

/** IdP metadata by URL, or the entity id, sign-in URL and signing certificate entered by hand. */
function samlComplete(config: JsonObject): boolean {
  return Boolean(config.idpMetadataUrl || (config.idpEntityId && config.idpSsoUrl && config.idpCertificate))
}

/** The message type of one case of the settings oneof (the same in UpdateConnection and Connection, but SAML). */
export function settingsSchema(name: string): DescMessage {
  const field = UpdateConnectionSchema.fields.find((f) => f.localName === name)
  if (field?.fieldKind !== 'message') throw invalidArgument(`${name} is not a connection setting`)
  return field.message
}

function keepMaskedSecrets(config: JsonObject, stored: JsonObject | undefined): void {
  for (const name of OTHER_SECRET_FIELDS) {
    if (config[name] !== MASKED_SECRET) continue
    if (stored?.[name] === undefined) delete config[name]
    else config[name] = stored[name]
  }
}

/** A new connection record from a CreateConnection: disabled, with the provider it names and its initial status. */
export function newConnectionRecord(
  store: Store,
  organizationId: string,
  input: Pick<CreateConnection, 'keyId' | 'provider' | 'providerKey' | 'type'>,
  extra: Partial<ConnectionRecord> = {},
): ConnectionRecord {
  const {type, provider, providerKey, keyId} = input
  const now = Date.now()
  const provided = providerOf(provider, providerKey)
  const record: Omit<ConnectionRecord, 'id'> = {
    organizationId,
    type,
    provider: provided,
    ...(providerKey ? {providerKey} : {}),
    ...(keyId ? {keyId} : {}),
    // Environment connections such as passwordless need no settings; organization ones do (but the simulator).
    status: initialStatus(provided, organizationId ? undefined : type),
    enabled: false,
    createTime: now,
    updateTime: now,
    ...extra,
  }
  return {id: store.newId('conn', connectionClaim(store, record)), ...record}
}
