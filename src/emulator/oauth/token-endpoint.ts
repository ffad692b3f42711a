import {type HttpRequest, type HttpResponse, parseBasicAuth, readBody, safeEqual, sendJson} from '../http/http-util.js'
import {ACCESS_TOKEN_TTL_SECONDS, mintAccessToken} from './access-token.js'
import type {M2MGrant} from './m2m-grant.js'
import type {SigningKey} from './signing-key.js'

export interface OAuthClient {
  clientId: string
  clientSecret: string
}

export interface TokenEndpointDeps {
  client: OAuthClient
  key: SigningKey
  /** Called once per token issued (feeds /_emulator/stats). */
  onTokenIssued: () => void
  /** Grants besides client_credentials, by grant_type (the SSO code grant). */
  grants?: Record<string, Grant>
  /** The client-credentials grant of organizations' M2M clients (`m2morg_…`), which the environment client is not. */
  m2m?: M2MGrant
}

/** What a grant needs besides its own form parameters. */
export interface GrantContext {
  client: OAuthClient
  key: SigningKey
  issuer: string
}

export type TokenResponse = Record<string, string | number>
export type Grant = (params: URLSearchParams, context: GrantContext) => Promise<TokenResponse>

/** RFC 6749 §5.2 error; `status` is 400 except for client authentication failures (401). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description)
  }
}

const CLIENT_SCOPES = ['openid']

/** Grants by `grant_type`. Each authenticates its own parameters; the client is already authenticated. */
const builtInGrants: Record<string, Grant> = {
  async client_credentials(_params, {client, key, issuer}) {
    const accessToken = await mintAccessToken(key, {issuer, clientId: client.clientId, scopes: CLIENT_SCOPES})
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      scope: CLIENT_SCOPES.join(' '),
    }
  },
}

/** `POST /oauth/token`: form-encoded, client authenticated by form fields or HTTP Basic. */
export async function handleTokenRequest(
  request: HttpRequest,
  response: HttpResponse,
  issuer: string,
  deps: TokenEndpointDeps,
): Promise<void> {
  const noStore = {pragma: 'no-cache'}
  try {
    if (request.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'the token endpoint accepts POST only')
    const params = new URLSearchParams((await readBody(request)).toString('utf8'))
    const presented = presentedClient(request, params)
    // The environment's own client is never an M2M client, whatever id it was started with.
    if (presented.clientId !== deps.client.clientId && deps.m2m?.handles(presented.clientId)) {
      const token = await deps.m2m.grant(presented, params, issuer)
      deps.onTokenIssued()
      sendJson(response, 200, token, noStore)
      return
    }
    authenticateClient(presented, deps.client)
    const grantType = params.get('grant_type')
    if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required')
    const grants = {...builtInGrants, ...deps.grants}
    const grant = Object.hasOwn(grants, grantType) ? grants[grantType] : undefined
    if (!grant) throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`)
    const token = await grant(params, {client: deps.client, key: deps.key, issuer})
    deps.onTokenIssued()
    sendJson(response, 200, token, noStore)
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    const headers = error.status === 401 ? {...noStore, 'www-authenticate': 'Basic realm="skctl-emulator"'} : noStore
    sendJson(response, error.status, {error: error.error, error_description: error.message}, headers)
  }
}

function presentedClient(request: HttpRequest, params: URLSearchParams): OAuthClient {
  const basic = parseBasicAuth(request.headers.authorization)
  const clientId = basic?.username ?? params.get('client_id')
  const clientSecret = basic?.password ?? params.get('client_secret')
  if (!clientId || !clientSecret) {
    throw new OAuthError(401, 'invalid_client', 'client_id and client_secret are required')
  }
  return {clientId, clientSecret}
}

function authenticateClient({clientId, clientSecret}: OAuthClient, client: OAuthClient): void {
  // Compare both even when the id is wrong so timing does not reveal which one failed.
  const idMatches = safeEqual(clientId, client.clientId)
  const secretMatches = safeEqual(clientSecret, client.clientSecret)
  if (!idMatches || !secretMatches) throw new OAuthError(401, 'invalid_client', 'client authentication failed')
}
