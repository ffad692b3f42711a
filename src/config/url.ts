import {invalidInput} from '../errors.js'

/**
 * Normalises an environment URL: scheme required (http or https), no path other than a prefix, no query,
 * no trailing slash (the SDK would build `//oauth/authorize` from one).
 */
export function normaliseEnvironmentUrl(input: string): string {
  const raw = input.trim()
  const example = 'https://your-env.scalekit.dev'
  if (raw === '') throw invalidInput('the environment URL is empty', `pass a URL such as ${example}`)
  if (!HAS_SCHEME.test(raw)) {
    const fixed = withScheme(raw) ?? `https://${raw}`
    const local = fixed.startsWith('http:') ? ' (a local emulator listens on plain http)' : ''
    throw invalidInput(
      `environment URL "${raw}" has no scheme`,
      `write it with ${fixed.split(':')[0]}://${local}, e.g. ${fixed}`,
    )
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalidInput(`environment URL "${raw}" is not a valid URL`, `pass a URL such as ${example}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(`environment URL "${raw}" must use https:// (or http:// for a local emulator)`)
  }
  if (url.username || url.password) throw invalidInput('the environment URL must not contain credentials')
  if (url.search || url.hash) {
    throw invalidInput(`environment URL "${raw}" must not have a query or fragment`, `use ${url.origin}`)
  }
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.origin}${path}`
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '0.0.0.0', '[::]'])

/** localhost, *.localhost and the loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * A URL written without its scheme, with the one it most likely lacks: http on a loopback host (the emulator, a local
 * app: RFC 8252 loopback redirects are http), https anywhere else. Undefined when it has a scheme or names no host.
 */
export function withScheme(raw: string): string | undefined {
  if (HAS_SCHEME.test(raw)) return undefined
  try {
    const {hostname} = new URL(`http://${raw}`)
    return hostname ? `${isLoopbackHost(hostname) ? 'http' : 'https'}://${raw}` : undefined
  } catch {
    return undefined
  }
}

export type EnvironmentKind = 'development' | 'production' | 'local'

/** Scalekit development environments live on *.scalekit.dev (or a -dev host); loopback is an emulator. */
export function environmentKind(url: string): EnvironmentKind {
  const {hostname} = new URL(url)
  if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return 'local'
  if (hostname.endsWith('.scalekit.dev') || /-dev\.scalekit\.(cloud|com)$/.test(hostname)) return 'development'
  return 'production'
}
