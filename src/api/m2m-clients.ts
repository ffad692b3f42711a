import type {
  ClientSecret,
  CreateOrganizationClientResponse,
  ListOrganizationClientsResponse,
  M2MClient,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js'

import {CliError, invalidInput} from '../errors.js'
import {registerSecret} from '../redact.js'
import {Api} from './client.js'
import {withNotFoundHint} from './not-found-hint.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const LIST_HINT = 'skctl clients list --org ORG'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js'))

/** A client secret as listed: its suffix, never its value. */
export interface ClientSecretJson {
  createTime?: string
  id: string
  lastUsedTime?: string
  secretSuffix: string
  status: string
  updateTime?: string
}

/** An organization's M2M client as the API returns it, in protobuf JSON form. */
export interface M2MClientJson {
  audience: string[]
  clientId: string
  createTime?: string
  customClaims: Array<{key: string; value: string}>
  description: string
  /** Lifetime of its access tokens in seconds (int64, so a string in JSON). */
  expiry: string
  name: string
  organizationId: string
  scopes: string[]
  secrets: ClientSecretJson[]
  updateTime?: string
}

/** What `clients create` prints: the client, and its first secret's value, once. */
export interface CreatedM2MClient {
  client: M2MClientJson
  plainSecret: string
}

/** What `clients secrets create` prints: the new secret's value, once, and its listing. */
export interface CreatedClientSecret {
  clientId: string
  plainSecret: string
  secret: ClientSecretJson
}

export interface M2MClientSettings {
  audience?: string[]
  customClaims?: Record<string, string>
  description?: string
  expirySeconds?: number
  name: string
  scopes?: string[]
}

async function toJson(client: M2MClient | undefined): Promise<M2MClientJson> {
  if (!client) throw new CliError('api_error', 'the API answered without the client')
  const {M2MClientSchema} = await schemas()
  return protoJson<M2MClientJson>(M2MClientSchema, client)
}

async function secretJson(secret: ClientSecret | undefined): Promise<ClientSecretJson> {
  if (!secret) throw new CliError('api_error', 'the API answered without the secret')
  const {ClientSecretSchema} = await schemas()
  return protoJson<ClientSecretJson>(ClientSecretSchema, secret)
}

/** Through the RPC: the SDK's createOrganizationClient drops the token lifetime (`expiry`). */
export async function createM2MClient(
  api: Api,
  organizationId: string,
  settings: M2MClientSettings,
): Promise<CreatedM2MClient> {
  const res = await api.rpc<unknown, CreateOrganizationClientResponse>((c) => c.m2m, 'createOrganizationClient', {
    client: {
      audience: settings.audience ?? [],
      customClaims: Object.entries(settings.customClaims ?? {}).map(([key, value]) => ({key, value})),
      description: settings.description ?? '',
      expiry: BigInt(settings.expirySeconds ?? 0),
      name: settings.name,
      scopes: settings.scopes ?? [],
    },
    organizationId,
  })
  registerSecret(res.plainSecret)
  return {client: await toJson(res.client), plainSecret: res.plainSecret}
}

export async function* listM2MClients(api: Api, organizationId: string, limit?: number): Pages<M2MClientJson> {
  yield* paginate(async (pageToken, pageSize) => {
    const res: ListOrganizationClientsResponse = await api.call((c) =>
      c.m2m.listOrganizationClients(organizationId, {pageSize, pageToken: pageToken || undefined}),
    )
    return {
      items: await Promise.all(res.clients.map(toJson)),
      nextPageToken: res.nextPageToken,
      totalSize: res.totalSize,
    }
  }, limit)
}

export async function getM2MClient(api: Api, organizationId: string, clientId: string): Promise<M2MClientJson> {
  const res = await withNotFoundHint(LIST_HINT, () =>
    api.call((c) => c.m2m.getOrganizationClient(organizationId, clientId)),
  )
  return toJson(res.client)
}

export async function deleteM2MClient(api: Api, organizationId: string, clientId: string): Promise<void> {
  await withNotFoundHint(LIST_HINT, () => api.call((c) => c.m2m.deleteOrganizationClient(organizationId, clientId)))
}

export async function createClientSecret(
  api: Api,
  organizationId: string,
  clientId: string,
): Promise<CreatedClientSecret> {
  const res = await withNotFoundHint(LIST_HINT, () =>
    api.call((c) => c.m2m.addOrganizationClientSecret(organizationId, clientId)),
  )
  registerSecret(res.plainSecret)
  return {clientId, plainSecret: res.plainSecret, secret: await secretJson(res.secret)}
}

export async function deleteClientSecret(
  api: Api,
  organizationId: string,
  clientId: string,
  secretId: string,
): Promise<void> {
  await withNotFoundHint(`skctl clients get ${clientId} --org ORG`, () =>
    api.call((c) => c.m2m.removeOrganizationClientSecret(organizationId, clientId, secretId)),
  )
}

/** An M2M client id (`m2morg_…`), checked before any call. */
export function parseM2MClientId(value: string): string {
  const id = value.trim()
  if (!/^m2morg_\w+$/.test(id)) {
    throw invalidInput(
      `"${value}" is not an M2M client id`,
      'client ids look like m2morg_…: skctl clients list --org ORG',
    )
  }
  return id
}

/**
 * Mints an access token as the M2M client (the client-credentials grant an integration runs), through a seam of its
 * own: the environment's credentials play no part.
 */
export async function mintM2MToken(environmentUrl: string, clientId: string, clientSecret: string): Promise<string> {
  try {
    return await new Api({clientId, clientSecret, environmentUrl}).accessToken()
  } catch (error) {
    if (error instanceof CliError && error.code === 'auth_failed') {
      throw new CliError('auth_failed', `the environment refused client ${clientId} with that secret`, {
        cause: error,
        hint: 'check the client id (skctl clients list --org ORG); a lost secret cannot be shown again: skctl clients secrets create',
      })
    }
    throw error
  }
}
