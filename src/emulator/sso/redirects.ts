import type {Store} from '../store/store.js'

/** Always allowed, like the callback a fresh Scalekit development environment accepts for local apps. */
export const DEFAULT_REDIRECT_URIS = [
  'http://127.0.0.1/callback',
  'http://localhost/callback',
  'http://[::1]/callback',
] as const

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])
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

/** Loopback URLs are compared without their port (RFC 8252 §7.3): native apps listen on whatever port is free. */
function loopbackKey(uri: string): string | undefined {
  const url = URL.parse(uri)
  // Only the canonical spelling counts, so a URL that parses to something else than it reads is not accepted.
  if (!url || url.href !== uri || url.protocol !== 'http:' || !LOOPBACK_HOSTNAMES.has(url.hostname)) return undefined
  if (url.search || url.hash || url.username || url.password) return undefined
  return `${url.protocol}//${url.hostname}${url.pathname}`
}

/**
 * The environment's allowed redirect URIs: the defaults, those given when the emulator started (kept in memory
 * too, so a reset does not drop them) and those added later, persisted in the store.
 */
export class RedirectRegistry {
  private readonly startup: string[]

  constructor(
    private readonly store: Store,
    startupUris: readonly string[] = [],
  ) {
    for (const uri of startupUris) assertRegistrableRedirectUri(uri)
    this.startup = [...startupUris]
    this.add(startupUris)
  }

  /** Validates every URI first, so a bad one adds nothing. */
  add(uris: readonly unknown[]): void {
    for (const uri of uris) assertRegistrableRedirectUri(uri)
    const now = Date.now()
    this.store.batch(() => {
      for (const uri of uris as string[]) {
        if (isDefault(uri) || this.store.redirects.getBy('uri', uri)) continue
        this.store.redirects.put({id: this.store.newId('rdr'), uri, createTime: now})
      }
    })
  }

  /** Defaults first, then registered URIs in the order they were added. */
  list(): string[] {
    const stored = [...this.store.redirects.values()].map((record) => record.uri)
    return [...new Set([...DEFAULT_REDIRECT_URIS, ...this.startup, ...stored])]
  }

  /** Exact match, except that a loopback URI matches the registered one on any port. */
  allows(uri: string): boolean {
    if (this.isRegistered(uri)) return true
    const key = loopbackKey(uri)
    return key !== undefined && this.list().some((registered) => loopbackKey(registered) === key)
  }

  private isRegistered(uri: string): boolean {
    return isDefault(uri) || this.startup.includes(uri) || this.store.redirects.getBy('uri', uri) !== undefined
  }
}

function isDefault(uri: string): boolean {
  return (DEFAULT_REDIRECT_URIS as readonly string[]).includes(uri)
}
