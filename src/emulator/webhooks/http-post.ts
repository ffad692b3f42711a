import http from 'node:http'
import https from 'node:https'

/** What is kept of an endpoint's answer body: enough to read an error message, bounded whatever the app sends. */
export const KEPT_RESPONSE_BYTES = 2048

export interface PostResult {
  status: number
  /** The first KEPT_RESPONSE_BYTES of the answer, as UTF-8 text. */
  body: string
}

/**
 * POSTs `body` and resolves with the response status and the start of its body (the rest is discarded); rejects
 * on network errors, on `signal`, and after `timeoutMs`. No connection is kept alive: a pooled socket would
 * outlive the emulator's close and keep its process running.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: {timeoutMs: number; signal: AbortSignal},
): Promise<PostResult> {
  const target = new URL(url)
  const send = target.protocol === 'https:' ? https.request : http.request
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method: 'POST',
      agent: false,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'skctl-emulator-webhooks',
      },
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    })
    request.once('response', (response) => {
      const chunks: Buffer[] = []
      let kept = 0
      response.on('data', (chunk: Buffer) => {
        if (kept >= KEPT_RESPONSE_BYTES) return
        chunks.push(chunk.subarray(0, KEPT_RESPONSE_BYTES - kept))
        kept += Math.min(chunk.length, KEPT_RESPONSE_BYTES - kept)
      })
      const done = () => resolve({status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')})
      response.once('end', done)
      // The status is known; a body cut off by the app still counts as its answer.
      response.once('error', done)
      response.once('aborted', done)
    })
    request.once('error', (error) => {
      reject(error.name === 'AbortError' && !options.signal.aborted ? timeoutError(options.timeoutMs) : error)
    })
    request.end(body)
  })
}

function timeoutError(timeoutMs: number): Error {
  return new Error(`no response within ${timeoutMs} ms`)
}
