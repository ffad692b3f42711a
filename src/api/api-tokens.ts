import type {
  CreateTokenResponse,
  ListTokensResponse,
  Token,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tokens/tokens_pb.js'

import {CliError, invalidInput} from '../errors.js'
import {registerSecret} from '../redact.js'
import type {Api} from './client.js'
import {withNotFoundHint} from './not-found-hint.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tokens/tokens_pb.js'))

/** ListTokens pages hold at most 30 tokens. */
const MAX_TOKEN_PAGE = 30

/** An API token's metadata as the API returns it, in protobuf JSON form: never its value. */
export interface ApiTokenJson {
  createdAt?: string
  customClaims: Record<string, string>
  description?: string
  email?: string
  expiry?: string
  organizationExternalId: string
  organizationId: string
  roles: string[]
  tokenId: string
  /** The last characters of the value, so people can tell tokens apart. */
  tokenSuffix: string
  userExternalId?: string
  userId?: string
}

/** What `api-tokens create` prints: the value, once, beside the token's metadata. */
export interface CreatedApiToken {
  token: string
  tokenId: string
  tokenInfo: ApiTokenJson
}

async function toJson(token: Token | undefined): Promise<ApiTokenJson> {
  if (!token) throw new CliError('api_error', 'the API answered without the token')
  const {TokenSchema} = await schemas()
  return protoJson<ApiTokenJson>(TokenSchema, token)
}

export async function createApiToken(
  api: Api,
  organizationId: string,
  options: {customClaims?: Record<string, string>; description?: string; userId?: string},
): Promise<CreatedApiToken> {
  const res: CreateTokenResponse = await api.call((c) => c.token.createToken(organizationId, options))
  // Masked in every other output of this process: only the one line meant to show it bypasses the redactor.
  registerSecret(res.token)
  return {token: res.token, tokenId: res.tokenId, tokenInfo: await toJson(res.tokenInfo)}
}

export async function* listApiTokens(
  api: Api,
  organizationId: string,
  options: {limit?: number; userId?: string},
): Pages<ApiTokenJson> {
  yield* paginate(
    async (pageToken, pageSize) => {
      const res: ListTokensResponse = await api.call((c) =>
        c.token.listTokens(organizationId, {pageSize, pageToken: pageToken || undefined, userId: options.userId}),
      )
      return {
        items: await Promise.all(res.tokens.map(toJson)),
        nextPageToken: res.nextPageToken,
        totalSize: res.totalCount,
      }
    },
    options.limit,
    MAX_TOKEN_PAGE,
  )
}

/** The id (`apit_…`) of the token to revoke; a token's value is refused, as it does not belong on a command line. */
export function parseApiTokenId(value: string): string {
  const id = value.trim()
  if (!/^apit_\w+$/.test(id)) {
    registerSecret(id)
    throw invalidInput('pass the token id (apit_…), not the token itself', 'skctl api-tokens list --org ORG')
  }
  return id
}

/** Invalidates a token; revoking one already revoked succeeds. */
export async function revokeApiToken(api: Api, tokenId: string): Promise<void> {
  await withNotFoundHint('skctl api-tokens list --org ORG', () => api.call((c) => c.token.invalidateToken(tokenId)))
}
