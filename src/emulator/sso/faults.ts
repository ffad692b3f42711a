import {createHash, generateKeyPairSync, randomBytes} from 'node:crypto'
import {type JWTPayload, SignJWT, UnsecuredJWT} from 'jose'
import type {SigningKey} from '../oauth/signing-key.js'

// Fault switches: make the next N tokens of the authorization-code grant defective in one specific way, so a
// client's token validation (the CLI's SSO smoke test, or a user's app) can be tested against each defect.

export const ID_TOKEN_FAULTS = [
  'unknown_key',
  'bad_signature',
  'alg_none',
  'hs256',
  'wrong_issuer',
  'wrong_audience',
  'extra_audience',
  'azp_mismatch',
  'expired',
  'iat_future',
  'missing_nonce',
  'wrong_nonce',
  'bad_at_hash',
  'bad_c_hash',
  // OpenID conformance RP cases (rp-id_token-*, rp-key-rotation-op-sign-key):
  'missing_iat',
  'missing_sub',
  'empty_sub',
  'kid_absent_single_key',
  'kid_absent_multiple_keys',
  'key_rotation',
  'hs256_client_secret',
] as const
export const ACCESS_TOKEN_FAULTS = ['expired', 'wrong_issuer', 'unknown_key'] as const

export type IdTokenFault = (typeof ID_TOKEN_FAULTS)[number]
export type AccessTokenFault = (typeof ACCESS_TOKEN_FAULTS)[number]
export type TokenFault = IdTokenFault | AccessTokenFault
type TokenKind = 'idToken' | 'accessToken'

const ALLOWED: Record<TokenKind, readonly string[]> = {idToken: ID_TOKEN_FAULTS, accessToken: ACCESS_TOKEN_FAULTS}
const MAX_COUNT = 1000

export const WRONG_ISSUER = 'https://wrong-issuer.invalid'
export const OTHER_AUDIENCE = 'skc_other_audience'
export const OTHER_CLIENT = 'skc_other_client'

export class FaultRequestError extends Error {}

interface Armed {
  name: string
  remaining: number
}

export class FaultSwitches {
  private readonly armed: Partial<Record<TokenKind, Armed>> = {}
  private secondKey = false

  /**
   * Whether the JWKS publishes a second key: from arming `kid_absent_multiple_keys` until an ID token is minted
   * without it, so a client sees several keys whether it fetched the JWKS before the token was minted or after.
   */
  get jwksHasSecondKey(): boolean {
    return this.secondKey
  }

  /**
   * Applies `POST /_emulator/faults`: `{"idToken": NAME, "accessToken": NAME, "count": N}`; a kind set to null
   * is cleared, a kind left out is unchanged. Validates everything before changing anything.
   */
  configure(body: unknown): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new FaultRequestError('the body must be a JSON object: {"idToken": NAME, "count": N}')
    }
    const request = body as Record<string, unknown>
    const count = request.count ?? 1
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_COUNT) {
      throw new FaultRequestError(`count must be an integer from 1 to ${MAX_COUNT}`)
    }
    const unknownKeys = Object.keys(request).filter((key) => !['idToken', 'accessToken', 'count'].includes(key))
    if (unknownKeys.length > 0) throw new FaultRequestError(`unknown field ${unknownKeys.join(', ')}`)
    const kinds = (['idToken', 'accessToken'] as const).filter((kind) => kind in request)
    if (kinds.length === 0) throw new FaultRequestError('name idToken or accessToken')
    for (const kind of kinds) {
      const name = request[kind]
      if (name !== null && !(typeof name === 'string' && ALLOWED[kind].includes(name))) {
        throw new FaultRequestError(`${kind} must be null or one of ${ALLOWED[kind].join(', ')}`)
      }
    }
    for (const kind of kinds) {
      const name = request[kind] as string | null
      if (name === null) delete this.armed[kind]
      else this.armed[kind] = {name, remaining: count as number}
      if (kind === 'idToken') this.secondKey = name === 'kid_absent_multiple_keys'
    }
  }

  /** What is armed, for the admin endpoint's answer. */
  state(): Record<TokenKind, Armed | null> {
    return {idToken: this.armed.idToken ?? null, accessToken: this.armed.accessToken ?? null}
  }

  /** The fault for the next token of this kind, if one is armed; each call uses one up. */
  take(kind: 'idToken'): IdTokenFault | undefined
  take(kind: 'accessToken'): AccessTokenFault | undefined
  take(kind: TokenKind): TokenFault | undefined {
    const armed = this.armed[kind]
    if (kind === 'idToken') this.secondKey = armed?.name === 'kid_absent_multiple_keys'
    if (!armed) return undefined
    armed.remaining -= 1
    if (armed.remaining <= 0) delete this.armed[kind]
    return armed.name as TokenFault
  }

  clear(): void {
    delete this.armed.idToken
    delete this.armed.accessToken
    this.secondKey = false
  }
}

/** Left half of SHA-256, base64url: at_hash / c_hash for RS256 (OIDC Core §3.1.3.6). */
export function leftHalfHash(value: string): string {
  const digest = createHash('sha256').update(value, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

/** Returns the claims with the defect a claim-level fault describes; signing faults leave them alone. */
export function breakClaims(fault: TokenFault | undefined, claims: JWTPayload): JWTPayload {
  const broken = {...claims}
  const now = Math.floor(Date.now() / 1000)
  switch (fault) {
    case 'wrong_issuer':
      broken.iss = WRONG_ISSUER
      break
    case 'wrong_audience':
      broken.aud = [OTHER_AUDIENCE]
      break
    case 'extra_audience':
      broken.aud = [...[claims.aud ?? []].flat(), OTHER_AUDIENCE]
      break
    case 'azp_mismatch':
      broken.azp = OTHER_CLIENT
      break
    case 'expired':
      // Beyond any reasonable clock-skew allowance (validators commonly allow up to 5 minutes).
      broken.iat = now - 3600
      if (claims.nbf !== undefined) broken.nbf = now - 3600
      broken.exp = now - 600
      break
    case 'iat_future':
      broken.iat = now + 3600
      if (claims.nbf !== undefined) broken.nbf = now + 3600
      broken.exp = now + 3600 + ((claims.exp ?? now) - (claims.iat ?? now))
      break
    case 'missing_nonce':
      delete broken.nonce
      break
    case 'wrong_nonce':
      broken.nonce = `${typeof claims.nonce === 'string' ? claims.nonce : ''}-wrong`
      break
    case 'bad_at_hash':
      broken.at_hash = leftHalfHash(`not the access token ${randomBytes(8).toString('hex')}`)
      break
    case 'bad_c_hash':
      broken.c_hash = leftHalfHash(`not the code ${randomBytes(8).toString('hex')}`)
      break
    case 'missing_iat':
      delete broken.iat
      break
    case 'missing_sub':
      delete broken.sub
      break
    case 'empty_sub':
      broken.sub = ''
      break
  }
  return broken
}

/**
 * Signs with the emulator key (RS256, kid), or in the defective way a signing fault describes. A `key_rotation`
 * fault has already rotated `key` (see mintSsoTokens): the token is simply the first signed with the new key.
 */
export async function signClaims(
  fault: TokenFault | undefined,
  claims: JWTPayload,
  key: SigningKey,
  clientSecret: string,
): Promise<string> {
  switch (fault) {
    case 'kid_absent_single_key':
    case 'kid_absent_multiple_keys':
      return new SignJWT(claims).setProtectedHeader({alg: 'RS256', typ: 'JWT'}).sign(key.privateKey)
    case 'hs256_client_secret':
      // OpenID conformance rp-id_token-sig-hs256: HMAC keyed with the client secret, which an RP that only
      // expects RS256 from this OP must refuse.
      return new SignJWT(claims)
        .setProtectedHeader({alg: 'HS256', typ: 'JWT'})
        .sign(new TextEncoder().encode(clientSecret))
    case 'alg_none':
      return new UnsecuredJWT(claims).encode()
    case 'hs256':
      // The classic key-confusion attack: HMAC keyed with the public key, which anyone can fetch from /keys.
      return new SignJWT(claims)
        .setProtectedHeader({alg: 'HS256', kid: key.kid, typ: 'JWT'})
        .sign(new Uint8Array(Buffer.from(key.publicKey.export({type: 'spki', format: 'pem'}))))
    case 'unknown_key': {
      const stranger = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey
      const kid = `snk_emulator_unknown_${randomBytes(8).toString('hex')}`
      return new SignJWT(claims).setProtectedHeader({alg: 'RS256', kid, typ: 'JWT'}).sign(stranger)
    }
    case 'bad_signature': {
      const [header, payload, signature] = (await signClaims(undefined, claims, key, clientSecret)).split('.') as [
        string,
        string,
        string,
      ]
      // Changing the first character changes the signature's first byte (the last one may only hold padding bits).
      const altered = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1)
      return `${header}.${payload}.${altered}`
    }
    default:
      return new SignJWT(claims).setProtectedHeader({alg: 'RS256', kid: key.kid, typ: 'JWT'}).sign(key.privateKey)
  }
}
