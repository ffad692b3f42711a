import {isIPv4} from 'node:net'
import {assertRegistrableRedirectUri} from '../../shared/redirect-uris.js'
import type {Store} from '../store/store.js'

/**
 * Always registered, like the callback a fresh Scalekit development environment accepts for local apps: the
 * ones that still match with `--strict-redirects`.
 */
export const DEFAULT_REDIRECT_URIS = [
  'http://127.0.0.1/callback',
  'http://localhost/callback',
  'http://[::1]/callback',
] as const

/**
 * `http://` on a loopback host — `localhost`, any address of 127.0.0.0/8, `[::1]` — written the way it parses
 * (so a URL that reads as one host and goes to another is refused), with no credentials, query or fragment.
 * A missing path counts as `/`.
 */
function loopbackUrl(uri: string): URL | undefined {
  const url = URL.parse(uri)
  if (!url || (url.href !== uri && url.href !== `${uri}/`) || url.protocol !== 'http:') return undefined
  if (!isLoopbackHostname(url.hostname)) return undefined
  if (url.search || url.hash || url.username || url.password) return undefined
  return url
}

function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true
  // URL parsing has already normalised IPv4 (127.1 → 127.0.0.1), so the first label decides.
  return isIPv4(hostname) && hostname.startsWith('127.')
}

/** A loopback URL without its port (RFC 8252 §7.3: native apps listen on whatever port is free). */
function loopbackKey(uri: string): string | undefined {
  const url = loopbackUrl(uri)
  return url && `${url.protocol}//${url.hostname}${url.pathname}`
}

/** Where an allowed redirect URI comes from: built in, `--redirect-uri` at start, or added while running. */
export type RedirectSource = 'default' | 'start' | 'added'

export interface RedirectEntry {
  uri: string
  source: RedirectSource
}

/** The URI is one of the built-in defaults, which cannot be removed. */
export class BuiltInRedirectUriError extends Error {}

/**
 * The environment's allowed redirect URIs: the defaults, those given when the emulator started (kept in memory
 * too, so a reset does not drop them) and those added later, persisted in the store.
 *
 * As a development environment the emulator accepts every loopback `http://` URI on any port and path (RFC 8252
 * §7.3, §8.3), as well as the registered ones. With `strict`, only registered URIs match, exactly, except that a
 * registered loopback URI matches on any port: RFC 8252 §7.3 asks authorization servers to allow any port for
 * loopback redirects, and a native app or `skctl sso test` cannot know its free port in advance.
 */
export class RedirectRegistry {
  private readonly startup: string[]

  constructor(
    private readonly store: Store,
    startupUris: readonly string[] = [],
    readonly strict = false,
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

  /**
   * Forgets a registered URI (also one given at start, until the next start with it). False when it is not
   * registered; throws for a built-in default.
   */
  remove(uri: string): boolean {
    if (isDefault(uri)) throw new BuiltInRedirectUriError(`${uri} is built in and cannot be removed`)
    const index = this.startup.indexOf(uri)
    if (index !== -1) this.startup.splice(index, 1)
    const record = this.store.redirects.getBy('uri', uri)
    if (record) this.store.redirects.delete(record.id)
    return index !== -1 || record !== undefined
  }

  /** Defaults first, then registered URIs in the order they were added. */
  list(): string[] {
    return this.entries().map((entry) => entry.uri)
  }

  entries(): RedirectEntry[] {
    const entries = new Map<string, RedirectSource>()
    for (const uri of DEFAULT_REDIRECT_URIS) entries.set(uri, 'default')
    for (const uri of this.startup) if (!entries.has(uri)) entries.set(uri, 'start')
    for (const {uri} of this.store.redirects.values()) if (!entries.has(uri)) entries.set(uri, 'added')
    return [...entries].map(([uri, source]) => ({uri, source}))
  }

  /** Registered URIs exactly, a registered loopback URI on any port and, unless strict, any loopback URI. */
  allows(uri: string): boolean {
    if (this.isRegistered(uri)) return true
    const key = loopbackKey(uri)
    if (key === undefined) return false
    return !this.strict || this.list().some((registered) => loopbackKey(registered) === key)
  }

  private isRegistered(uri: string): boolean {
    return isDefault(uri) || this.startup.includes(uri) || this.store.redirects.getBy('uri', uri) !== undefined
  }
}

function isDefault(uri: string): boolean {
  return (DEFAULT_REDIRECT_URIS as readonly string[]).includes(uri)
}
