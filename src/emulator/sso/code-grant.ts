import {authLogOf} from '../auth-logs/auth-log.js'
import {type Grant, OAuthError} from '../oauth/token-endpoint.js'
import {fullStackClaims, FULL_STACK_EXPIRES_IN, provisionUser, sessionEvent} from '../oauth/full-stack.js'
import {issueRefreshToken, startSession} from '../oauth/sessions.js'
import type {SessionRecord} from '../store/records.js'
import {type CodeGrant, verifierMatches} from './codes.js'
import type {SsoContext} from './context.js'
import type {LoginRequest} from './login-requests.js'
import {mintSsoTokens, SSO_ACCESS_TOKEN_TTL_SECONDS} from './id-token.js'

/**
 * Every login is a session. Asking for `offline_access` makes it a full-stack auth login: the person becomes (or
 * already is) a user of the organization, and the session gets a refresh token. A Modular SSO login is linked to
 * the user with that email when the environment has one. A passwordless sign-in on the hosted login page is a
 * full-stack login in any case (its user was provisioned when the email was verified).
 */
function startLoginSession(sso: SsoContext, {request, user, device, userId: signedIn}: CodeGrant): SessionRecord {
  const {store, events} = sso
  const fullStack = signedIn !== undefined || offlineAccess(request)
  const provisioned =
    signedIn === undefined && fullStack ? provisionUser(store, request.organizationId, user) : undefined
  for (const event of provisioned?.events ?? []) events.emit(event)
  const userId = signedIn ?? provisioned?.user.id ?? store.users.getBy('email', user.email.toLowerCase())?.id ?? ''
  const session = startSession(store, {
    userId,
    organizationId: request.organizationId,
    connectionId: request.connectionId,
    clientId: request.clientId,
    fullStack,
    scope: request.scope,
    email: user.email,
    givenName: user.givenName || undefined,
    familyName: user.familyName || undefined,
    userAgent: device.userAgent,
    ip: device.ip,
  })
  const login = sessionEvent(store, 'user.login', session)
  if (login) events.emit(login)
  return session
}

/** Refresh tokens are issued for `offline_access` only (full-stack auth quickstart: add it to get a refresh token). */
function offlineAccess(request: LoginRequest): boolean {
  return request.scope.split(' ').includes('offline_access')
}

/**
 * `grant_type=authorization_code` (the client is already authenticated). Every failure after the code is looked
 * up is `invalid_grant`, and the code is spent by the first attempt, so a wrong verifier cannot be retried.
 */
export function createAuthorizationCodeGrant(sso: SsoContext): Grant {
  return async (params, {client, issuer}) => {
    const code = params.get('code')
    if (!code) throw new OAuthError(400, 'invalid_request', 'code is required')
    const grant = sso.codes.take(code)
    if (!grant) throw new OAuthError(400, 'invalid_grant', 'the code is unknown, expired or already used')
    const {request} = grant
    try {
      checkRedemption(params, client.clientId, request)
    } catch (error) {
      if (error instanceof OAuthError) authLogOf(sso.store).failed(request, error.error, error.message)
      throw error
    }
    const session = startLoginSession(sso, grant)
    sso.browserSignIns.redeemed(grant.code, session.id)
    const claims = session.fullStack ? fullStackClaims(sso.store, session) : {}
    const tokens = await mintSsoTokens(sso.key, sso.faults, {
      issuer,
      grant,
      clientSecret: client.clientSecret,
      session: {session, claims},
    })
    authLogOf(sso.store).succeeded(request)
    return {
      access_token: tokens.accessToken,
      id_token: tokens.idToken,
      token_type: 'Bearer',
      expires_in: session.fullStack ? FULL_STACK_EXPIRES_IN : SSO_ACCESS_TOKEN_TTL_SECONDS,
      scope: request.scope,
      ...(offlineAccess(request) ? {refresh_token: issueRefreshToken(sso.store, session)} : {}),
    }
  }
}

/** The checks a code's redemption must pass; every failure is `invalid_grant`. */
function checkRedemption(params: URLSearchParams, clientId: string, request: LoginRequest): void {
  if (request.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 'the code belongs to another client')
  if (params.get('redirect_uri') !== request.redirectUri) {
    throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the one sent to /oauth/authorize')
  }
  const verifier = params.get('code_verifier')
  if (request.codeChallenge === undefined) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
    if (verifier) throw new OAuthError(400, 'invalid_grant', 'code_verifier sent but no code_challenge was')
  } else if (!verifier || !verifierMatches(verifier, request.codeChallenge)) {
    throw new OAuthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge')
  }
}
