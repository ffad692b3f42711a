import {isIPv6} from 'node:net'
import {type HttpRequest, headerValue} from './http-util.js'

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/** The host part of a Host/:authority value, lower-cased, IPv6 kept in brackets: `[::1]:80` -> `[::1]`. */
export function hostnameOf(authority: string): string {
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':')[0]!
  return host.toLowerCase()
}

/** `::1` -> `[::1]`, so configured hosts compare equal to the Host header form. */
export function bracketIPv6(host: string): string {
  return isIPv6(host) ? `[${host}]` : host
}

function authorityOf(request: HttpRequest): string | undefined {
  return headerValue(request, ':authority') ?? headerValue(request, 'host')
}

/**
 * DNS-rebinding defence: a web page on evil.example that resolves its name to 127.0.0.1 still sends
 * `Host: evil.example`, so only loopback names and the host the emulator was told to bind are answered.
 */
export function createHostCheck(configuredHost: string): (request: HttpRequest) => boolean {
  const allowed = new Set([...LOOPBACK_HOSTS, bracketIPv6(configuredHost).toLowerCase()])
  return (request) => {
    const authority = authorityOf(request)
    return authority !== undefined && allowed.has(hostnameOf(authority))
  }
}

/** The origin the client addressed (`http://127.0.0.1:8080`); only meaningful after the host check passed. */
export function requestOrigin(request: HttpRequest): string {
  return `http://${authorityOf(request) ?? ''}`
}
