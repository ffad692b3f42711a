import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  ClientSecretStatus,
  ClientService,
  type ClientSecretSchema,
  type M2MClientSchema,
  type OrganizationClient,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js'
import {assertClaimNames} from '../credentials/claims.js'
import {newHashedSecret} from '../credentials/hashed-secret.js'
import {failedPrecondition, invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {ClientSecretRecord, M2MClientRecord} from '../store/credential-records.js'
import type {Store} from '../store/store.js'
import {requireOrganization} from './lookup.js'
import {paginate} from './paging.js'

/** Scalekit's documented limits: tokens live 1 hour unless set, at least 5 minutes; at most 5 secrets a client. */
export const DEFAULT_EXPIRY_SECONDS = 3600
const MIN_EXPIRY_SECONDS = 300
const MAX_SECRETS = 5
const MAX_NAME = 128
const MAX_DESCRIPTION = 1024

// Only the organization clients (the SDK's `m2m` sub-client); environment clients and resource (MCP) clients are
// not served.
export const m2mClientService = defineService(ClientService, {
  createOrganizationClient({organizationId, client: input}, {store}) {
    const organization = requireOrganization(store, organizationId)
    const settings = clientSettings(input!)
    if (!settings.name) throw invalidArgument('client.name is required')
    const now = Date.now()
    const {plain, secret} = newClientSecret(store, now)
    const record: M2MClientRecord = {
      id: store.newId('m2morg'),
      organizationId: organization.id,
      name: settings.name,
      description: settings.description ?? '',
      scopes: settings.scopes ?? [],
      audience: settings.audience ?? [],
      customClaims: settings.customClaims ?? [],
      expirySeconds: settings.expirySeconds ?? DEFAULT_EXPIRY_SECONDS,
      secrets: [secret],
      createTime: now,
      updateTime: now,
    }
    store.m2mClients.put(record)
    // The one answer that carries the secret: only its hash is kept.
    return {client: toM2MClient(record), plainSecret: plain}
  },

  getOrganizationClient({organizationId, clientId}, {store}) {
    return {client: toM2MClient(requireClient(store, organizationId, clientId))}
  },

  /** Fields left empty keep their value, as the SDK sends only the fields it was given. */
  updateOrganizationClient({organizationId, clientId, client: input}, {store}) {
    const current = requireClient(store, organizationId, clientId)
    const settings = clientSettings(input!)
    const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))
    const updated: M2MClientRecord = {...current, ...defined, updateTime: Date.now()}
    store.m2mClients.put(updated)
    return {client: toM2MClient(updated)}
  },

  deleteOrganizationClient({organizationId, clientId}, {store}) {
    store.m2mClients.delete(requireClient(store, organizationId, clientId).id)
    return {}
  },

  createOrganizationClientSecret({organizationId, clientId}, {store}) {
    const client = requireClient(store, organizationId, clientId)
    if (client.secrets.length >= MAX_SECRETS) {
      throw failedPrecondition(`client ${client.id} already has ${MAX_SECRETS} secrets; delete one first`)
    }
    const now = Date.now()
    const {plain, secret} = newClientSecret(store, now)
    store.m2mClients.put({...client, secrets: [...client.secrets, secret], updateTime: now})
    return {plainSecret: plain, secret: toClientSecret(secret)}
  },

  deleteOrganizationClientSecret({organizationId, clientId, secretId}, {store}) {
    const client = requireClient(store, organizationId, clientId)
    if (!client.secrets.some((secret) => secret.id === secretId)) {
      throw notFound(`secret ${secretId} of client ${client.id} not found`)
    }
    const secrets = client.secrets.filter((secret) => secret.id !== secretId)
    store.m2mClients.put({...client, secrets, updateTime: Date.now()})
    return {}
  },

  listOrganizationClients({organizationId, pageSize, pageToken}, {store}) {
    requireOrganization(store, organizationId)
    const page = paginate(store.m2mClients.group('organizationId', organizationId), {pageSize, pageToken})
    return {
      clients: page.items.map(toM2MClient),
      totalSize: page.totalSize,
      nextPageToken: page.nextPageToken,
      prevPageToken: page.prevPageToken,
    }
  },
})

/** Removes every client of an organization that is being deleted: their secrets stop minting tokens. */
export function deleteOrganizationClients(store: Store, organizationId: string): void {
  for (const client of store.m2mClients.listBy('organizationId', organizationId)) store.m2mClients.delete(client.id)
}

type ClientSettings = Partial<
  Pick<M2MClientRecord, 'name' | 'description' | 'scopes' | 'audience' | 'customClaims' | 'expirySeconds'>
>

/** The settings a request gives, checked; what it leaves empty is undefined. */
function clientSettings(input: OrganizationClient): ClientSettings {
  const name = input.name.trim()
  if (name.length > MAX_NAME) throw invalidArgument(`client.name is at most ${MAX_NAME} characters`)
  if (input.description.length > MAX_DESCRIPTION) {
    throw invalidArgument(`client.description is at most ${MAX_DESCRIPTION} characters`)
  }
  for (const scope of input.scopes) {
    if (!scope || /\s/.test(scope)) throw invalidArgument(`scope "${scope}" must be non-empty and without spaces`)
  }
  if (input.audience.some((audience) => !audience.trim())) throw invalidArgument('an audience must not be empty')
  const claimNames = input.customClaims.map((claim) => claim.key)
  assertClaimNames(claimNames)
  if (new Set(claimNames).size !== claimNames.length) throw invalidArgument('custom claim names must be unique')
  const expiry = Number(input.expiry)
  if (input.expiry !== 0n && (input.expiry < BigInt(MIN_EXPIRY_SECONDS) || !Number.isSafeInteger(expiry))) {
    throw invalidArgument(`client.expiry is in seconds and at least ${MIN_EXPIRY_SECONDS} (5 minutes)`)
  }
  return {
    name: name || undefined,
    description: input.description || undefined,
    scopes: input.scopes.length > 0 ? [...new Set(input.scopes)] : undefined,
    audience: input.audience.length > 0 ? [...new Set(input.audience)] : undefined,
    customClaims: input.customClaims.length > 0 ? input.customClaims.map(({key, value}) => ({key, value})) : undefined,
    expirySeconds: input.expiry === 0n ? undefined : expiry,
  }
}

function requireClient(store: Store, organizationId: string, clientId: string): M2MClientRecord {
  requireOrganization(store, organizationId)
  const client = store.m2mClients.get(clientId)
  if (client?.organizationId !== organizationId) {
    throw notFound(`client ${clientId} not found in organization ${organizationId}`)
  }
  return client
}

function newClientSecret(store: Store, now: number): {plain: string; secret: ClientSecretRecord} {
  // `test_` is the prefix Scalekit gives secrets of development environments.
  const {plain, hashed} = newHashedSecret('test_', 48)
  return {plain, secret: {id: store.newId('sks'), ...hashed, createTime: now}}
}

function toM2MClient(record: M2MClientRecord): MessageInitShape<typeof M2MClientSchema> {
  return {
    clientId: record.id,
    secrets: record.secrets.map(toClientSecret),
    name: record.name,
    description: record.description,
    organizationId: record.organizationId,
    createTime: timestampFromMs(record.createTime),
    updateTime: timestampFromMs(record.updateTime),
    scopes: record.scopes,
    audience: record.audience,
    customClaims: record.customClaims,
    expiry: BigInt(record.expirySeconds),
  }
}

/** A secret as listed: its suffix only, never a value. */
function toClientSecret(secret: ClientSecretRecord): MessageInitShape<typeof ClientSecretSchema> {
  return {
    id: secret.id,
    createTime: timestampFromMs(secret.createTime),
    updateTime: timestampFromMs(secret.createTime),
    secretSuffix: secret.suffix,
    status: ClientSecretStatus.ACTIVE,
    ...(secret.lastUsedTime === undefined ? {} : {lastUsedTime: timestampFromMs(secret.lastUsedTime)}),
  }
}
