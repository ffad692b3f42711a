import {protobufWire} from './protobuf.js'

// How long a rate-limited API asked us to wait. What survives depends on the path the error took:
// - the SDK's gRPC calls throw a ScalekitServerException that keeps only the message and the ErrorInfo details
//   (google.rpc.RetryInfo and every header are dropped), so the emulator also says "retry after 250ms" in the
//   message;
// - REST answers carry `Retry-After` (seconds or an HTTP-date, RFC 9110 §10.2.3), maybe `X-RateLimit-Reset`, and a
//   google.rpc.Status body whose details may hold RetryInfo (`"retry_delay": "1.5s"`) or a `retry_after` in seconds;
// - a raw ConnectError (a plain gRPC client) keeps RetryInfo as a binary detail.

type Bag = Record<string, unknown>

const RETRY_INFO = 'google.rpc.RetryInfo'
const IN_MESSAGE = /retry after (\d+(?:\.\d+)?) ?(ms|s|seconds?)\b/i
/** `X-RateLimit-Reset` is epoch seconds (Okta, GitHub) or, on some APIs, seconds from now. */
const EPOCH_SECONDS = 1_000_000_000

/**
 * The wait, in milliseconds, that a failed API call asks for before a retry, or undefined when it names none.
 * Accepts whatever the SDK or an HTTP client throws, and errors that wrap one as their `cause` (CliError).
 */
export function retryDelayMs(error: unknown, now: number = Date.now()): number | undefined {
  for (const layer of causeChain(error)) {
    const delay = fromHeaders(layer, now) ?? fromBodies(layer) ?? fromMessage(layer)
    if (delay !== undefined) return Math.max(0, Math.ceil(delay))
  }
  return undefined
}

function causeChain(error: unknown): Bag[] {
  const chain: Bag[] = []
  for (let layer = error; isBag(layer) && !chain.includes(layer); layer = layer.cause) chain.push(layer)
  return chain
}

function fromHeaders(layer: Bag, now: number): number | undefined {
  const response = isBag(layer.response) ? layer.response : undefined
  const headers = layer.headers ?? response?.headers
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return date - now
  }
  const reset = header(headers, 'x-ratelimit-reset')
  if (reset !== undefined && /^\d+$/.test(reset)) {
    const seconds = Number(reset)
    return seconds >= EPOCH_SECONDS ? seconds * 1000 - now : seconds * 1000
  }
  return undefined
}

/** fetch's Headers and axios's AxiosHeaders have `get`; Node's `IncomingHttpHeaders` is a lower-case record. */
function header(headers: unknown, name: string): string | undefined {
  if (!isBag(headers)) return undefined
  const value = typeof headers.get === 'function' ? (headers.get as (n: string) => unknown)(name) : headers[name]
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' || typeof text === 'number' ? String(text).trim() : undefined
}

/** Error bodies and detail lists: the SDK's `errDetails` (a REST body), axios's `response.data`, `body`, `details`. */
function fromBodies(layer: Bag): number | undefined {
  const response = isBag(layer.response) ? layer.response : undefined
  for (const body of [layer.errDetails, response?.data, layer.body, layer]) {
    if (!isBag(body)) continue
    const entries = Array.isArray(body) ? body : [...(Array.isArray(body.details) ? body.details : []), body]
    for (const entry of entries) {
      const delay = fromDetail(entry)
      if (delay !== undefined) return delay
    }
  }
  return undefined
}

function fromDetail(detail: unknown): number | undefined {
  if (!isBag(detail)) return undefined
  // A ConnectError's incoming detail: binary RetryInfo, plus its JSON form in `debug` when the protocol had one.
  if (detail.type === RETRY_INFO && detail.value instanceof Uint8Array) return decodeRetryInfo(detail.value)
  const delay = duration(detail.retry_delay ?? detail.retryDelay)
  if (delay !== undefined) return delay
  const seconds = detail.retry_after ?? detail.retryAfter
  if (typeof seconds === 'number' || (typeof seconds === 'string' && /^\d+(\.\d+)?$/.test(seconds))) {
    return Number(seconds) * 1000
  }
  return isBag(detail.debug) ? fromDetail(detail.debug) : undefined
}

/** A google.protobuf.Duration as JSON (`"1.500s"`) or as an object (`{seconds, nanos}`, seconds maybe a bigint). */
function duration(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value)
    return match ? Number(match[1]) * 1000 : undefined
  }
  if (!isBag(value) || value.seconds === undefined) return undefined
  return Number(value.seconds) * 1000 + Number(value.nanos ?? 0) / 1e6
}

/** RetryInfo { Duration retry_delay = 1 }, Duration { int64 seconds = 1; int32 nanos = 2 }. */
function decodeRetryInfo(bytes: Uint8Array): number | undefined {
  try {
    const {BinaryReader} = protobufWire()
    const info = new BinaryReader(bytes)
    while (info.pos < info.len) {
      const [field, wireType] = info.tag()
      if (field !== 1) {
        info.skip(wireType, field)
        continue
      }
      const delay = new BinaryReader(info.bytes())
      let ms = 0
      while (delay.pos < delay.len) {
        const [part, partType] = delay.tag()
        if (part === 1) ms += Number(delay.int64()) * 1000
        else if (part === 2) ms += delay.int32() / 1e6
        else delay.skip(partType, part)
      }
      return ms
    }
  } catch {
    // A malformed detail names no delay.
  }
  return undefined
}

function fromMessage(layer: Bag): number | undefined {
  const match = typeof layer.message === 'string' ? IN_MESSAGE.exec(layer.message) : null
  if (!match) return undefined
  return Number(match[1]) * (match[2]!.toLowerCase() === 'ms' ? 1 : 1000)
}

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null
}
