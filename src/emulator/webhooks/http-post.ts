import http from 'node:http'
import https from 'node:https'

/**
 * POSTs `body` and resolves with the response status (the response body is discarded); rejects on network errors,
 * on `signal`, and after `timeoutMs`. No connection is kept alive: a pooled socket would outlive the emulator's
 * close and keep its process running.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: {timeoutMs: number; signal: AbortSignal},
): Promise<number> {
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
      response.resume()
      resolve(response.statusCode ?? 0)
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
