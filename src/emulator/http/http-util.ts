import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Http2ServerRequest, Http2ServerResponse} from 'node:http2'

/** Both protocols arrive at one handler; these are the request/response shapes it sees. */
export type HttpRequest = IncomingMessage | Http2ServerRequest
export type HttpResponse = ServerResponse | Http2ServerResponse

const MAX_BODY_BYTES = 1 << 20

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body is larger than ${MAX_BODY_BYTES} bytes`)
  }
}

export async function readBody(request: HttpRequest): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * JSON nested deeper than this is refused. Everything that handles a parsed body walks it recursively (validation,
 * JSON.stringify of an event), and 100,000 levels overflow the stack; real bodies are a few levels deep.
 */
export const MAX_JSON_DEPTH = 64

/** Whether `value` nests objects and arrays deeper than `limit`; walks with its own stack, so any depth is safe. */
export function jsonNestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{value: unknown; depth: number}> = [{value, depth: 0}]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue
    if (next.depth >= limit) return true
    for (const child of Object.values(next.value)) pending.push({value: child, depth: next.depth + 1})
  }
  return false
}

export function headerValue(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** What the send helpers need; HTTP/1.1, HTTP/2 and connect-node's response types all have it. */
interface ResponseSink {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body: string): unknown
}

export function send(
  response: ResponseSink,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.statusCode = status
  for (const [name, value] of Object.entries({
    'content-type': contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  })) {
    response.setHeader(name, value)
  }
  response.end(body)
}

export function sendJson(response: ResponseSink, status: number, body: unknown, headers?: Record<string, string>) {
  send(response, status, 'application/json', JSON.stringify(body), headers)
}

/** `Authorization: Basic base64(user:password)` with form-urlencoded parts, as RFC 6749 §2.3.1 prescribes. */
export function parseBasicAuth(header: string | undefined): {username: string; password: string} | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1]
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  try {
    return {
      username: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      password: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    }
  } catch {
    return undefined
  }
}

/** Constant-time comparison of secrets; hashing first hides their lengths too. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(a), digest(b))
}

/**
 * 302 to `location` (303 after a form post, so the browser follows with GET); callers only pass URLs they
 * validated (no open redirects).
 */
export function sendRedirect(response: ResponseSink, location: string, status: 302 | 303 = 302): void {
  response.statusCode = status
  response.setHeader('location', location)
  response.setHeader('cache-control', 'no-store')
  response.setHeader('referrer-policy', 'no-referrer')
  response.end('')
}

/** The values of every `name` cookie in a Cookie header (a browser may send several with different paths). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return []
  const prefix = `${name}=`
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(prefix))
    .map((pair) => pair.slice(prefix.length))
}
