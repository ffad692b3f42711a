import {createHash, randomInt} from 'node:crypto'
import type {JWTPayload} from 'jose'
import {FULL_STACK_ACCESS_TOKEN_TTL_SECONDS} from '../oauth/full-stack.js'
import type {RotatingKey} from '../oauth/rotating-key.js'
import type {SessionRecord} from '../store/records.js'
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

/** What the tokens of one login say about its session; `claims` are the full-stack ones (roles, permissions, …). */
export interface SessionClaims {
  session: SessionRecord
  claims: Record<string, unknown>
}

/**
 * The tokens of an authorization-code grant, with any armed fault applied. Modular SSO shapes: `sub` is
 * `<connection id>;<IdP user id>`, `amr` names the connection, `oid` the organization; custom attributes are
 * top-level claims named after the attribute. A full-stack login (`offline_access`) has the user id as `sub` and
 * carries roles (and, in the access token, permissions).
 */
export async function mintSsoTokens(
  key: RotatingKey,
  faults: FaultSwitches,
  {
    issuer,
    grant,
    clientSecret,
    session,
  }: {issuer: string; grant: CodeGrant; clientSecret: string; session: SessionClaims},
): Promise<SsoTokens> {
  const {request, user} = grant
  const now = Math.floor(Date.now() / 1000)

  const idFault = faults.take('idToken')
  // Rotated before anything of this grant is signed: both its tokens are the first under the new kid.
  if (idFault === 'key_rotation') key.rotate()
  const accessToken = await mintSessionAccessToken(key, faults, {issuer, clientSecret, session, now})

  const name = [user.givenName, user.familyName].filter(Boolean).join(' ')
  const roles = session.claims.roles
  const idClaims: JWTPayload = {
    ...user.customAttributes,
    iss: issuer,
    sub: subjectOf(session.session),
    aud: [request.clientId],
    azp: request.clientId,
    oid: request.organizationId,
    // A passwordless sign-in on the hosted login page has no connection to name.
    amr: request.connectionId ? [request.connectionId] : [],
    email: user.email,
    email_verified: true,
    ...(user.givenName ? {given_name: user.givenName} : {}),
    ...(user.familyName ? {family_name: user.familyName} : {}),
    ...(name ? {name} : {}),
    ...(roles === undefined ? {} : {roles}),
    sid: session.session.id,
    ...(request.nonce === undefined ? {} : {nonce: request.nonce}),
    at_hash: leftHalfHash(accessToken),
    c_hash: leftHalfHash(grant.code),
    iat: now,
    exp: now + ID_TOKEN_TTL_SECONDS,
  }
  const idToken = await signClaims(idFault, breakClaims(idFault, idClaims), key, clientSecret)
  return {accessToken, idToken}
}

/** An access token of the session (at login and at every refresh), with an armed access-token fault applied. */
export async function mintSessionAccessToken(
  key: RotatingKey,
  faults: FaultSwitches,
  {
    issuer,
    clientSecret,
    session,
    now = Math.floor(Date.now() / 1000),
  }: {
    issuer: string
    clientSecret: string
    session: SessionClaims
    now?: number
  },
): Promise<string> {
  const {session: record, claims} = session
  const lifetime = record.fullStack ? FULL_STACK_ACCESS_TOKEN_TTL_SECONDS : SSO_ACCESS_TOKEN_TTL_SECONDS
  const accessFault = faults.take('accessToken')
  const accessClaims: JWTPayload = {
    iss: issuer,
    sub: subjectOf(record),
    aud: [record.clientId],
    iat: now,
    nbf: now,
    exp: now + lifetime,
    jti: `tkn_${randomDigits(17)}`,
    client_id: record.clientId,
    oid: record.organizationId,
    sid: record.id,
    ...claims,
  }
  return signClaims(accessFault, breakClaims(accessFault, accessClaims), key, clientSecret)
}

/** Full-stack tokens name the user; Modular SSO ones the connection and the IdP's user. */
export function subjectOf(session: SessionRecord): string {
  return session.fullStack ? session.userId : `${session.connectionId};${idpUserId(session.email)}`
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
