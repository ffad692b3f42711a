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
 * not work as API credentials.
 */
export async function verifyAccessToken(key: RotatingKey, token: string, clientId: string): Promise<void> {
  const {payload} = await jwtVerify(token, key.resolveKey, {algorithms: ['RS256'], audience: clientId})
  if (payload.client_id !== clientId) throw new Error('token was issued to another client')
  if (payload.sub !== clientId) throw new Error('token was issued to a user, not to the API client')
}
