// Rules for the custom claims of API tokens and M2M clients, shared by the emulator (which refuses bad ones as
// INVALID_ARGUMENT) and the CLI (which refuses them before any call).

/**
 * Claim names Scalekit sets itself on its tokens (RFC 7519's registered claims and the ones its access tokens
 * carry: client_id, oid, sid, scopes, roles, permissions, external ids). A custom claim of that name would
 * override or shadow them in an M2M access token, so none may be used.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'amr',
  'aud',
  'azp',
  'client_id',
  'exp',
  'iat',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'oid',
  'permissions',
  'roles',
  'scope',
  'scopes',
  'sid',
  'sub',
  'uid',
  'xoid',
  'xuid',
])

export const MAX_CLAIM_NAME_LENGTH = 100

/** Why `name` cannot be a custom claim, or undefined when it can. */
export function claimNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'a custom claim needs a name'
  if (name.length > MAX_CLAIM_NAME_LENGTH) return `custom claim names are at most ${MAX_CLAIM_NAME_LENGTH} characters`
  if (RESERVED_CLAIMS.has(name)) return `"${name}" is a reserved claim name`
  return undefined
}
