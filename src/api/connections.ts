import type {
  Connection,
  ListConnectionsResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'

import {CliError, invalidInput} from '../errors.js'
import {MASK} from '../redact.js'
import type {Api} from './client.js'
import {type ToggleResult, toggled} from './toggle.js'
import {type DomainJson, parseDomainName} from './domains.js'
import {onePage, type Pages} from './paginate.js'
import {protoJson} from './proto-json.js'

const schemas = () => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js')

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
