import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'

export interface ReceivedWebhook {
  /** Lower-cased names, as an app's framework hands them to verifyWebhookPayload. */
  headers: Record<string, string>
  /** `Name: value` lines exactly as they arrived, as a request log would show them. */
  rawHeaders: string
  /** The raw body, byte for byte. */
  body: string
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** Resolves once `count` requests have arrived (at once if they already have). */
  waitFor(count: number): Promise<ReceivedWebhook[]>
  close(): Promise<void>
}

/**
 * An app's webhook endpoint on 127.0.0.1: records every request and answers with `status(n)` for the n-th one
 * (200 unless told otherwise).
 */
export async function startWebhookReceiver(status: (n: number) => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const waiters: Array<{count: number; resolve: () => void}> = []
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const rawHeaders: string[] = []
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      rawHeaders.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`)
    }
    received.push({
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
      rawHeaders: rawHeaders.join('\n'),
      body: Buffer.concat(chunks).toString('utf8'),
    })
    response.statusCode = status(received.length)
    response.end()
    for (const waiter of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    async waitFor(count) {
      if (received.length < count) await new Promise<void>((resolve) => waiters.push({count, resolve}))
      return received.slice(0, count)
    },
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
