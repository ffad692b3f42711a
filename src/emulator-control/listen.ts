import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {MAX_INPUT_BYTES} from '../bounded-file.js'
import {invalidInput} from '../errors.js'

/** One delivery as `emulator listen` saw it: the event, and how the app answered. */
export interface ForwardedDelivery {
  /** When the emulator's delivery arrived (RFC 3339). */
  time: string
  /** Event type and `evt_…` id, as the envelope says (empty when the body was not an envelope). */
  type: string
  id: string
  /** The app's HTTP status; absent when it could not be reached (see `error`). */
  status?: number
  error?: string
  /** From forwarding the delivery to the app's answer. */
  latencyMs: number
}

export interface Forwarder {
  /** Where the emulator delivers: the temporary endpoint's URL. */
  url: string
  close(): Promise<void>
}

/** Headers of a delivery that the app's signature check needs, passed on untouched. */
const FORWARDED_HEADERS = ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature']
/** Below the emulator's own 5 s per attempt, so the emulator hears the app's fate rather than its own timeout. */
const FORWARD_TIMEOUT_MS = 4500

/** `--forward-to`: an absolute http or https URL. */
export function checkForwardUrl(value: string): string {
  const url = URL.parse(value.trim())
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalidInput(
      `--forward-to ${value} is not an http or https URL`,
      'e.g. --forward-to http://localhost:3000/webhooks',
    )
  }
  return url.href
}

/**
 * A server on 127.0.0.1 that receives the emulator's deliveries to a temporary endpoint and forwards each one,
 * byte for byte with its signature headers, to the app; the app's status goes back to the emulator, so a failing
 * app gets the emulator's retries as it would Scalekit's.
 */
export async function startForwarder(
  forwardTo: string,
  onDelivery: (delivery: ForwardedDelivery) => void,
): Promise<Forwarder> {
  const server = http.createServer((request, response) => {
    void forward(request, response, forwardTo).then(onDelivery, () => response.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

async function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  forwardTo: string,
): Promise<ForwardedDelivery> {
  const time = new Date().toISOString()
  const body = await readBody(request)
  const {type, id} = describe(body)
  const headers: Record<string, string> = {}
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name]
    if (typeof value === 'string') headers[name] = value
  }
  const started = performance.now()
  const latency = () => Math.round(performance.now() - started)
  try {
    const answer = await fetch(forwardTo, {
      body,
      headers,
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    })
    await answer.body?.cancel()
    response.writeHead(answer.status).end()
    return {time, type, id, status: answer.status, latencyMs: latency()}
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError'
    const reason = timedOut
      ? `no answer within ${FORWARD_TIMEOUT_MS} ms`
      : ((error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message)
    // Like a gateway: the app, not this forwarder, failed the delivery; the emulator retries it.
    response.writeHead(timedOut ? 504 : 502).end()
    return {time, type, id, error: reason, latencyMs: latency()}
  }
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > MAX_INPUT_BYTES) throw new Error('delivery too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function describe(body: Buffer): {id: string; type: string} {
  try {
    const envelope = JSON.parse(body.toString('utf8')) as {id?: unknown; type?: unknown}
    return {
      id: typeof envelope.id === 'string' ? envelope.id : '',
      type: typeof envelope.type === 'string' ? envelope.type : '',
    }
  } catch {
    return {id: '', type: ''}
  }
}
