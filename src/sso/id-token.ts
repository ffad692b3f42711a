import {createHash} from 'node:crypto'
import {errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify} from 'jose'

/** The OIDC Core §3.1.3.7 rule a token broke; each has its own reason code in the report. */
export type TokenRule =
  | 'alg'
  | 'at_hash'
  | 'aud'
  | 'azp'
  | 'c_hash'
  | 'exp'
  | 'iat'
  | 'iss'
  | 'kid'
  | 'malformed'
  | 'nonce'
  | 'signature'
  | 'sub'

export class TokenRejected extends Error {
  constructor(
    readonly rule: TokenRule,
    message: string,
  ) {
    super(message)
    this.name = 'TokenRejected'
  }
}

export interface IdTokenExpectations {
  accessToken?: string
  clientId: string
  code?: string
  issuer: string
  /** Seconds of clock skew tolerated on exp and iat. */
  leeway: number
  nonce: string
}

/** `at_hash`/`c_hash`: base64url of the left half of the SHA-256 digest (RS256's hash). */
export function halfHash(value: string): string {
  const digest = createHash('sha256').update(value, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

/** Turns jose's verification errors into the rule they enforce. */
function ruleOf(error: unknown): TokenRejected {
  if (error instanceof TokenRejected) return error
  const message = (error as Error).message
  if (error instanceof errors.JWTExpired) return new TokenRejected('exp', `the token expired (${message})`)
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim as TokenRule
    const rule = (['iss', 'aud', 'iat', 'exp', 'sub'] as const).find((c) => c === claim) ?? 'malformed'
    return new TokenRejected(rule, `"${error.claim}" is wrong: ${message}`)
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('alg', `algorithm not allowed: ${message}`)
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    // OpenID conformance (rp-id_token-kid-absent-multiple-jwks): without a kid the key to verify with is unknown.
    return new TokenRejected('kid', 'the token names no key ("kid") and the environment JWKS publishes several')
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRejected('signature', 'signed with a key the environment does not publish (unknown kid)')
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejected('signature', 'the signature does not verify against the environment JWKS')
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new TokenRejected('malformed', message)
  }
  return new TokenRejected('signature', message)
}

/**
 * Validates an ID token as OIDC Core §3.1.3.7 asks: RS256 signature from the environment's JWKS, `iss`, `aud`
 * (and `azp` when there are several audiences or it is present), `exp`/`iat` with leeway, `nonce`, and `at_hash` /
 * `c_hash` when present. The SDK's authenticateWithCode checks none of this.
 */
export async function validateIdToken(token: string, keys: JWTVerifyGetKey, expect: IdTokenExpectations) {
  let payload: JWTPayload
  try {
    ;({payload} = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      audience: expect.clientId,
      clockTolerance: expect.leeway,
      issuer: expect.issuer,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'],
    }))
  } catch (error) {
    throw ruleOf(error)
  }
  // OIDC Core §2: sub is a locally unique identifier, a non-empty string; jose only checks that it is present.
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new TokenRejected('sub', '"sub" must be a non-empty string (OIDC Core §2)')
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
  const azp = payload.azp as string | undefined
  if (audiences.length > 1 && !azp) throw new TokenRejected('azp', 'several audiences but no "azp" claim')
  if (azp !== undefined && azp !== expect.clientId) {
    throw new TokenRejected('azp', `"azp" is ${azp}, not this client (${expect.clientId})`)
  }
  const untrusted = audiences.filter((a) => a !== expect.clientId)
  if (untrusted.length > 0) throw new TokenRejected('aud', `untrusted extra audience ${untrusted.join(', ')}`)
  const now = Math.floor(Date.now() / 1000)
  if (typeof payload.iat === 'number' && payload.iat > now + expect.leeway) {
    throw new TokenRejected('iat', `issued in the future (iat ${payload.iat}, now ${now})`)
  }
  if (payload.nonce === undefined) throw new TokenRejected('nonce', 'no "nonce" claim; the request sent one')
  if (payload.nonce !== expect.nonce) throw new TokenRejected('nonce', '"nonce" does not match the one sent')
  if (payload.at_hash !== undefined && expect.accessToken && payload.at_hash !== halfHash(expect.accessToken)) {
    throw new TokenRejected('at_hash', '"at_hash" does not match the access token')
  }
  if (payload.c_hash !== undefined && expect.code && payload.c_hash !== halfHash(expect.code)) {
    throw new TokenRejected('c_hash', '"c_hash" does not match the authorization code')
  }
  return payload
}

/** The access token: signature from the same JWKS, issuer and expiry. */
export async function validateAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  expect: {issuer: string; leeway: number},
): Promise<JWTPayload> {
  try {
    const {payload} = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      clockTolerance: expect.leeway,
      issuer: expect.issuer,
      requiredClaims: ['exp'],
    })
    return payload
  } catch (error) {
    throw ruleOf(error)
  }
}
