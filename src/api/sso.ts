import type {Api} from './client.js'

export interface AuthorizeRequest {
  codeChallenge: string
  connectionId?: string
  domain?: string
  loginHint?: string
  nonce: string
  organizationId?: string
  redirectUri: string
  state: string
}

/** The authorization URL, built by the SDK (locally, no network), always with PKCE S256. */
export function authorizationUrl(api: Api, request: AuthorizeRequest): Promise<string> {
  return api.call(async (client) =>
    client.getAuthorizationUrl(request.redirectUri, {
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: 'S256',
      connectionId: request.connectionId,
      domainHint: request.domain,
      loginHint: request.loginHint,
      nonce: request.nonce,
      organizationId: request.organizationId,
      scopes: ['openid', 'profile', 'email'],
      state: request.state,
    }),
  )
}

export interface CodeExchange {
  accessToken: string
  expiresIn: number
  idToken: string
}

/** Exchanges the code with the verifier; the tokens are validated by the caller (the SDK only decodes them). */
export async function exchangeCode(
  api: Api,
  code: string,
  redirectUri: string,
  codeVerifier: string,
): Promise<CodeExchange> {
  const result = await api.call((client) => client.authenticateWithCode(code, redirectUri, {codeVerifier}))
  return {accessToken: result.accessToken, expiresIn: result.expiresIn, idToken: result.idToken}
}
