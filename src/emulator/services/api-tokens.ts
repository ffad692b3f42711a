import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampDate, timestampFromMs} from '@bufbuild/protobuf/wkt'
import {ApiTokenService, type TokenSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tokens/tokens_pb.js'
import {assertClaimNames} from '../credentials/claims.js'
import {hashSecret, newHashedSecret} from '../credentials/hashed-secret.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {ApiTokenRecord} from '../store/credential-records.js'
import {membershipId} from '../store/keys.js'
import type {Store} from '../store/store.js'
import {requireMembership, requireOrganization} from './lookup.js'
import {paginate} from './paging.js'

/** ListTokens pages: the SDK documents a default of 10 and a maximum of 30. */
const DEFAULT_TOKEN_PAGE = 10
const MAX_TOKEN_PAGE = 30
const MAX_DESCRIPTION = 255
/** Token ids name a token; anything else presented is taken as the token's value. */
const TOKEN_ID_PREFIX = 'apit_'
/** Values carry a prefix of their own, so a value is never mistaken for an id. */
const TOKEN_VALUE_PREFIX = 'skapi_'

export const apiTokenService = defineService(ApiTokenService, {
  createToken({token: input}, {store}) {
    if (!input) throw invalidArgument('token is required')
    const organization = requireOrganization(store, input.organizationId)
    if (input.userId) requireMembership(store, organization.id, input.userId)
    assertClaimNames(Object.keys(input.customClaims))
    assertDescription(input.description)
    const now = Date.now()
    const expireTime = input.expiry ? timestampDate(input.expiry).getTime() : undefined
    if (expireTime !== undefined && expireTime <= now) throw invalidArgument('token expiry must be in the future')
    const {plain, hashed} = newHashedSecret(TOKEN_VALUE_PREFIX)
    const record: ApiTokenRecord = {
      id: store.newId('apit'),
      organizationId: organization.id,
      ...(input.userId ? {userId: input.userId} : {}),
      customClaims: {...input.customClaims},
      ...(input.description ? {description: input.description} : {}),
      ...(expireTime === undefined ? {} : {expireTime}),
      ...hashed,
      createTime: now,
    }
    store.apiTokens.put(record)
    // The one answer that carries the value: it is not kept, so it cannot be shown again.
    return {token: plain, tokenId: record.id, tokenInfo: toToken(store, record)}
  },

  validateToken({token}, {store}) {
    return {tokenInfo: toToken(store, requireUsable(store, token))}
  },

  /** Idempotent: an invalidated token can be invalidated again; only a token never issued is NOT_FOUND. */
  invalidateToken({token}, {store}) {
    const record = findToken(store, token)
    if (record.invalidateTime === undefined) store.apiTokens.put({...record, invalidateTime: Date.now()})
    return {}
  },

  listTokens({organizationId, userId, pageSize, pageToken}, {store}) {
    requireOrganization(store, organizationId)
    const size = Math.min(pageSize > 0 ? pageSize : DEFAULT_TOKEN_PAGE, MAX_TOKEN_PAGE)
    const now = Date.now()
    const page = paginate(
      store.apiTokens.group('organizationId', organizationId),
      {pageSize: size, pageToken},
      (record) => isUsable(store, record, now) && (!userId || record.userId === userId),
    )
    return {
      tokens: page.items.map((record) => toToken(store, record)),
      totalCount: page.totalSize,
      nextPageToken: page.nextPageToken,
      prevPageToken: page.prevPageToken,
    }
  },

  /** Claims, when given, replace the whole map; a description, when given, replaces it (empty clears it). */
  updateToken({token, customClaims, description}, {store}) {
    const record = requireUsable(store, token)
    const claims = Object.keys(customClaims).length > 0 ? {...customClaims} : record.customClaims
    assertClaimNames(Object.keys(claims))
    assertDescription(description)
    const {description: _, ...rest} = record
    const updated: ApiTokenRecord = {
      ...rest,
      customClaims: claims,
      ...((description ?? record.description) ? {description: description ?? record.description} : {}),
    }
    store.apiTokens.put(updated)
    return {tokenInfo: toToken(store, updated)}
  },

  /**
   * Scalekit blocks FetchToken for API callers (the method has no auth option, so the pipeline refuses it). Behind
   * that, the emulator could not return the value anyway: only its hash is kept.
   */
  fetchToken({tokenId}, {store}) {
    return {token: '', retrievedAt: timestampFromMs(Date.now()), tokenInfo: toToken(store, findToken(store, tokenId))}
  },
})

/** Removes every token of an organization that is being deleted: none of them can validate again. */
export function deleteOrganizationTokens(store: Store, organizationId: string): void {
  for (const token of store.apiTokens.listBy('organizationId', organizationId)) store.apiTokens.delete(token.id)
}

/** A token by id (`apit_…`) or by value, whatever its state. Errors never repeat a presented value. */
function findToken(store: Store, presented: string): ApiTokenRecord {
  const record = presented.startsWith(TOKEN_ID_PREFIX)
    ? store.apiTokens.get(presented)
    : store.apiTokens.getBy('hash', hashSecret(presented).hash)
  if (!record) {
    throw notFound(presented.startsWith(TOKEN_ID_PREFIX) ? `token ${presented} not found` : 'token not found')
  }
  return record
}

/** A token that still validates: not invalidated, not expired, and its organization and user still exist. */
function requireUsable(store: Store, presented: string): ApiTokenRecord {
  const record = findToken(store, presented)
  if (record.invalidateTime !== undefined) throw notFound(`token ${record.id} has been invalidated`)
  if (!isUsable(store, record, Date.now())) throw notFound(`token ${record.id} has expired or its owner is gone`)
  return record
}

function isUsable(store: Store, record: ApiTokenRecord, now: number): boolean {
  if (record.invalidateTime !== undefined) return false
  if (record.expireTime !== undefined && record.expireTime <= now) return false
  if (!store.organizations.get(record.organizationId)) return false
  return !record.userId || store.users.get(record.userId) !== undefined
}

function assertDescription(description: string | undefined): void {
  if (description && description.length > MAX_DESCRIPTION) {
    throw invalidArgument(`description is at most ${MAX_DESCRIPTION} characters`)
  }
}

function toToken(store: Store, record: ApiTokenRecord): MessageInitShape<typeof TokenSchema> {
  const organization = store.organizations.get(record.organizationId)
  const user = record.userId ? store.users.get(record.userId) : undefined
  const membership = user ? store.memberships.get(membershipId(record.organizationId, user.id)) : undefined
  return {
    tokenId: record.id,
    organizationId: record.organizationId,
    organizationExternalId: organization?.externalId ?? '',
    ...(record.userId ? {userId: record.userId} : {}),
    ...(user?.externalId ? {userExternalId: user.externalId} : {}),
    ...(user ? {email: user.email} : {}),
    roles: membership?.roles ?? [],
    customClaims: record.customClaims,
    ...(record.expireTime === undefined ? {} : {expiry: timestampFromMs(record.expireTime)}),
    createdAt: timestampFromMs(record.createTime),
    ...(record.description ? {description: record.description} : {}),
    tokenSuffix: record.suffix,
  }
}
