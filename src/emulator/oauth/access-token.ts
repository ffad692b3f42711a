import {randomInt} from 'node:crypto'
import {jwtVerify, SignJWT} from 'jose'
import type {RotatingKey} from './rotating-key.js'
import type {SigningKey} from './signing-key.js'

/** Scalekit's client-credentials tokens live one second short of a day. */
export const ACCESS_TOKEN_TTL_SECONDS = 86399

export interface AccessTokenClaims {
  /** The origin the client used, e.g. `http://127.0.0.1:8080`. */
  issuer: string
  clientId: string
  scopes: string[]
}

export async function mintAccessToken(key: SigningKey, claims: AccessTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({client_id: claims.clientId, scopes: claims.scopes})
    .setProtectedHeader({alg: 'RS256', kid: key.kid, typ: 'JWT'})
    .setIssuer(claims.issuer)
    .setSubject(claims.clientId)
    .setAudience([claims.clientId])
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(`tkn_${Date.now()}${randomInt(10_000).toString().padStart(4, '0')}`)
    .sign(key.privateKey)
}

/**
 * Accepts only client-credentials tokens this emulator signed for this client that have not expired. The issuer
 * is not compared: a client may reach the same emulator as 127.0.0.1 or localhost, and the signature already
 * proves the origin. SSO access tokens carry the same client_id and audience but a user as subject: they must
 * not work as API credentials. Answers the token's expiry (seconds since the epoch).
 */
export async function verifyAccessToken(key: RotatingKey, token: string, clientId: string): Promise<number> {
  const {payload} = await jwtVerify(token, key.resolveKey, {algorithms: ['RS256'], audience: clientId})
  if (payload.client_id !== clientId) throw new Error('token was issued to another client')
  if (payload.sub !== clientId) throw new Error('token was issued to a user, not to the API client')
  return payload.exp ?? 0
}

/** Enough for every client of a busy test run; the oldest is forgotten first (and verified again if it returns). */
const MAX_VERIFIED_TOKENS = 1000

/**
 * verifyAccessToken for every API call, remembering the tokens it accepted until they expire: an SDK sends the same
 * token with each call, and checking an RSA signature each time costs more than many handlers. Nothing revokes an
 * API token before it expires (a rotated key still verifies the tokens it signed), so a remembered one stays good.
 */
export function accessTokenVerifier(key: RotatingKey): (token: string, clientId: string) => Promise<void> {
  const verified = new Map<string, number>()
  return async (token, clientId) => {
    const remembered = `${clientId} ${token}`
    const expiry = verified.get(remembered)
    // jose's rule: a token is expired once `exp` is not after the current second.
    if (expiry !== undefined && expiry > Math.floor(Date.now() / 1000)) return
    verified.delete(remembered)
    const exp = await verifyAccessToken(key, token, clientId)
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string)
    verified.set(remembered, exp)
  }
}
