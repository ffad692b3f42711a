// Which redirect URIs the emulator lets an app register: checked by the emulator and, before any request, by the
// CLI's `skctl emulator redirects add`.

/** Scalekit's documented limit on a redirect URL's length. */
const MAX_URI_LENGTH = 256

export class InvalidRedirectUriError extends Error {}

/**
 * Throws unless `uri` may be registered: http(s) with a host, at most 256 characters, no credentials, query,
 * fragment or wildcard (Scalekit allows neither query nor fragment; the emulator does not do wildcards), and no
 * control characters or spaces, refused before parsing because URL parsing would silently strip some of them.
 */
export function assertRegistrableRedirectUri(uri: unknown): asserts uri is string {
  if (typeof uri !== 'string' || uri === '') throw new InvalidRedirectUriError('a redirect URI must be a string')
  if (uri.length > MAX_URI_LENGTH) {
    throw new InvalidRedirectUriError(`${uri.slice(0, 40)}… is longer than ${MAX_URI_LENGTH} characters`)
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u0020\u007f]/.test(uri)) {
    throw new InvalidRedirectUriError(`${JSON.stringify(uri)} contains spaces or control characters`)
  }
  const url = URL.parse(uri)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidRedirectUriError(`${uri} is not an absolute http or https URL`)
  }
  if (url.username || url.password) throw new InvalidRedirectUriError(`${uri} must not contain credentials`)
  if (uri.includes('?') || uri.includes('#')) {
    throw new InvalidRedirectUriError(`${uri} must not have a query or a fragment`)
  }
  if (uri.includes('*')) throw new InvalidRedirectUriError(`${uri}: wildcards are not supported by the emulator`)
}
