import {invalidInput} from '../errors.js'

/**
 * Normalises an environment URL: scheme required (http or https), no path other than a prefix, no query,
 * no trailing slash (the SDK would build `//oauth/authorize` from one).
 */
export function normaliseEnvironmentUrl(input: string): string {
  const raw = input.trim()
  const example = 'https://your-env.scalekit.dev'
  if (raw === '') throw invalidInput('the environment URL is empty', `pass a URL such as ${example}`)
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw invalidInput(`environment URL "${raw}" has no scheme`, `write it with https://, e.g. https://${raw}`)
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

export type EnvironmentKind = 'development' | 'production' | 'local'

/** Scalekit development environments live on *.scalekit.dev (or a -dev host); loopback is an emulator. */
export function environmentKind(url: string): EnvironmentKind {
  const {hostname} = new URL(url)
  if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return 'local'
  if (hostname.endsWith('.scalekit.dev') || /-dev\.scalekit\.(cloud|com)$/.test(hostname)) return 'development'
  return 'production'
}
