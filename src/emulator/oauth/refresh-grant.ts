import type {FaultSwitches} from '../sso/faults.js'
import {mintSessionAccessToken} from '../sso/id-token.js'
import {membershipId} from '../store/keys.js'
import type {Store} from '../store/store.js'
import {FULL_STACK_EXPIRES_IN, fullStackClaims} from './full-stack.js'
import type {RotatingKey} from './rotating-key.js'
import {endSession, issueRefreshToken, lookUpRefreshToken, sessionStatus, whyInactive} from './sessions.js'
import {type Grant, OAuthError} from './token-endpoint.js'

export interface RefreshGrantDeps {
  store: Store
  key: RotatingKey
  faults: FaultSwitches
}

/**
 * `grant_type=refresh_token` (the client is already authenticated). The token rotates: the answer carries a new
 * one and the presented one stops working. Presenting a rotated-out token again means two parties hold the
 * session's tokens, so the session is revoked (OAuth 2.1 §4.3.1) and neither can refresh any more.
 */
export function createRefreshTokenGrant({store, key, faults}: RefreshGrantDeps): Grant {
  return async (params, {client, issuer}) => {
    const token = params.get('refresh_token')
    if (!token) throw new OAuthError(400, 'invalid_request', 'refresh_token is required')
    const found = lookUpRefreshToken(store, token)
    if (found.outcome === 'unknown') throw new OAuthError(400, 'invalid_grant', 'the refresh token is unknown')
    const {session} = found
    if (session.clientId !== client.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'the refresh token belongs to another client')
    }
    if (found.outcome === 'reused') {
      endSession(store, session, 'revoked', 'refresh token reuse')
      throw new OAuthError(
        400,
        'invalid_grant',
        `the refresh token was already used; session ${session.id} is revoked as a precaution: sign in again`,
      )
    }
    const status = sessionStatus(session)
    if (status !== 'active') throw new OAuthError(400, 'invalid_grant', whyInactive(session, status))
    // A user deleted or taken out of the organization is signed out there: no new tokens for a stale membership.
    if (session.fullStack && !store.memberships.get(membershipId(session.organizationId, session.userId))) {
      endSession(store, session, 'revoked', 'the user left the organization')
      throw new OAuthError(
        400,
        'invalid_grant',
        `user ${session.userId} is no longer a member of organization ${session.organizationId}; session ${session.id} is revoked`,
      )
    }
    const refreshToken = issueRefreshToken(store, session)
    const current = store.sessions.get(session.id)!
    const accessToken = await mintSessionAccessToken(key, faults, {
      issuer,
      clientSecret: client.clientSecret,
      session: {session: current, claims: fullStackClaims(store, current)},
    })
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: FULL_STACK_EXPIRES_IN,
      scope: session.scope,
    }
  }
}
