import {createHash, randomInt} from 'node:crypto'
import type {JWTPayload} from 'jose'
import type {RotatingKey} from '../oauth/rotating-key.js'
import type {CodeGrant} from './codes.js'
import {breakClaims, type FaultSwitches, leftHalfHash, signClaims} from './faults.js'

/** Scalekit answers `expires_in: 899` for SSO access tokens. */
export const SSO_ACCESS_TOKEN_TTL_SECONDS = 899
/** The ID token lifetime seen in Scalekit's samples. */
export const ID_TOKEN_TTL_SECONDS = 1800

/** Claims a custom attribute may not take: it would override what the ID token means. */
export const RESERVED_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'azp',
  'oid',
  'amr',
  'acr',
  'auth_time',
  'sid',
  'nonce',
  'at_hash',
  'c_hash',
  'client_id',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
])

export interface SsoTokens {
  accessToken: string
  idToken: string
}

/**
 * The tokens of an authorization-code grant, with any armed fault applied. Modular SSO shapes: `sub` is
 * `<connection id>;<IdP user id>`, `amr` names the connection, `oid` the organization; custom attributes are
 * top-level claims named after the attribute.
 */
export async function mintSsoTokens(
  key: RotatingKey,
  faults: FaultSwitches,
  {issuer, grant, clientSecret}: {issuer: string; grant: CodeGrant; clientSecret: string},
): Promise<SsoTokens> {
  const {request, user} = grant
  const now = Math.floor(Date.now() / 1000)
  const subject = `${request.connectionId};${idpUserId(user.email)}`
  const sessionId = `ses_${randomDigits(17)}`

  const idFault = faults.take('idToken')
  // Rotated before anything of this grant is signed: both its tokens are the first under the new kid.
  if (idFault === 'key_rotation') key.rotate()
  const accessFault = faults.take('accessToken')
  const accessClaims: JWTPayload = {
    iss: issuer,
    sub: subject,
    aud: [request.clientId],
    iat: now,
    nbf: now,
    exp: now + SSO_ACCESS_TOKEN_TTL_SECONDS,
    jti: `tkn_${randomDigits(17)}`,
    client_id: request.clientId,
    oid: request.organizationId,
    sid: sessionId,
  }
  const accessToken = await signClaims(accessFault, breakClaims(accessFault, accessClaims), key, clientSecret)

  const name = [user.givenName, user.familyName].filter(Boolean).join(' ')
  const idClaims: JWTPayload = {
    ...user.customAttributes,
    iss: issuer,
    sub: subject,
    aud: [request.clientId],
    azp: request.clientId,
    oid: request.organizationId,
    amr: [request.connectionId],
    email: user.email,
    email_verified: true,
    ...(user.givenName ? {given_name: user.givenName} : {}),
    ...(user.familyName ? {family_name: user.familyName} : {}),
    ...(name ? {name} : {}),
    sid: sessionId,
    ...(request.nonce === undefined ? {} : {nonce: request.nonce}),
    at_hash: leftHalfHash(accessToken),
    c_hash: leftHalfHash(grant.code),
    iat: now,
    exp: now + ID_TOKEN_TTL_SECONDS,
  }
  const idToken = await signClaims(idFault, breakClaims(idFault, idClaims), key, clientSecret)
  return {accessToken, idToken}
}

/** The simulated IdP's user id: derived from the email so the same person gets the same `sub` every time. */
export function idpUserId(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)
}

function randomDigits(count: number): string {
  let digits = String(randomInt(1, 10))
  while (digits.length < count) digits += String(randomInt(10))
  return digits
}
