import {isIPv6} from 'node:net'
import {type HttpRequest, headerValue} from './http-util.js'

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/**
 * A Host or :authority value as RFC 9110 §7.2 allows it, `host[:port]`: a name or IPv4 address, or an IPv6 literal
 * in brackets. No userinfo (`127.0.0.1:1@evil.example`), no path, no markup.
 */
const AUTHORITY = /^(\[[\d:.a-f]+]|[\d.a-z-]+)(?::(\d{1,5}))?$/i

/**
 * The host part of a well-formed Host/:authority value, lower-cased, IPv6 kept in brackets (`[::1]:80` ->
 * `[::1]`); undefined for anything else.
 */
export function hostnameOf(authority: string): string | undefined {
  const match = AUTHORITY.exec(authority)
  if (!match || Number(match[2] ?? 0) > 65_535) return undefined
  return match[1]!.toLowerCase()
}

/** `::1` -> `[::1]`, so configured hosts compare equal to the Host header form. */
export function bracketIPv6(host: string): string {
  // Every IPv6 address has a colon; the test spares the usual 127.0.0.1 the first isIPv6 call, which compiles
  // Node's IPv6 pattern (milliseconds, on each emulator's start).
  return host.includes(':') && isIPv6(host) ? `[${host}]` : host
}

function authorityOf(request: HttpRequest): string | undefined {
  return headerValue(request, ':authority') ?? headerValue(request, 'host')
}

/**
 * DNS-rebinding defence: a web page on evil.example that resolves its name to 127.0.0.1 still sends
 * `Host: evil.example`, so only loopback names and the host the emulator was told to bind are answered. Only a
 * well-formed value passes, because the emulator echoes it into URLs (discovery, portal links, redirects).
 */
export function createHostCheck(configuredHost: string): (request: HttpRequest) => boolean {
  const allowed = new Set([...LOOPBACK_HOSTS, bracketIPv6(configuredHost).toLowerCase()])
  return (request) => {
    const authority = authorityOf(request)
    const host = authority === undefined ? undefined : hostnameOf(authority)
    return host !== undefined && allowed.has(host)
  }
}

/**
 * The origin the client addressed (`http://127.0.0.1:8080`, `https://…` over TLS); only well-formed after the host
 * check passed.
 */
export function requestOrigin(request: HttpRequest): string {
  const encrypted = 'encrypted' in request.socket && request.socket.encrypted === true
  return `${encrypted ? 'https' : 'http'}://${authorityOf(request) ?? ''}`
}
