import {readFileSync} from 'node:fs'
import http from 'node:http'
import http2 from 'node:http2'
import {Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientToken, killSpawnedEmulators, type ReadyLine, spawnEmulator} from './support.js'

// One unauthenticated client must not be able to take the emulator down with a large message: a 250 MB upload is
// answered (Unauthenticated without a token, ResourceExhausted with one) and the emulator's memory stays flat.

const PATH = '/scalekit.v1.organizations.OrganizationService/CreateOrganization'
const UPLOAD_BYTES = 250 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 0x61)
const MAX_RSS_GROWTH_MB = 50

let ready: ReadyLine
let token: string

beforeAll(async () => {
  ready = await spawnEmulator(['--quiet']).ready
  token = await clientToken(ready.url)
})

afterAll(killSpawnedEmulators)

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

/** 250 MB produced on demand from one reused 64 KiB buffer; gRPC framings announce it in a 5-byte envelope. */
function upload(enveloped: boolean): Readable {
  return Readable.from(
    (function* () {
      let sent = 0
      if (enveloped) {
        const header = Buffer.alloc(5)
        header.writeUInt32BE(UPLOAD_BYTES - 5, 1)
        yield header
        sent += header.length
      }
      while (sent < UPLOAD_BYTES) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, UPLOAD_BYTES - sent))
        sent += chunk.length
        yield chunk
      }
    })(),
    {objectMode: false},
  )
}

interface Answer {
  status: number
  /** The Connect error JSON, the gRPC-web trailer block, or the gRPC trailers. */
  body: string
}

/** HTTP/1.1: streams the upload until the answer is complete, then stops sending. */
function postHttp1(contentType: string, headers: Record<string, string>, enveloped: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const source = upload(enveloped)
    const request = http.request(`${ready.url}${PATH}`, {
      method: 'POST',
      headers: {'content-type': contentType, ...headers},
    })
    request.on('error', reject)
    request.on('response', (response) => {
      let body = ''
      response.setEncoding('latin1').on('data', (chunk: string) => {
        body += chunk
      })
      response.on('end', () => {
        source.unpipe(request)
        source.destroy()
        request.destroy()
        resolve({status: response.statusCode ?? 0, body})
      })
    })
    source.pipe(request)
  })
}

/** gRPC over h2c, as the SDK speaks it: the answer is complete with the trailers. */
function postGrpc(headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(ready.url)
    session.on('error', reject)
    const source = upload(true)
    const stream = session.request({
      ':method': 'POST',
      ':path': PATH,
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      ...headers,
    })
    let status = 0
    stream.on('response', (responseHeaders) => {
      status = Number(responseHeaders[':status'])
    })
    stream.on('error', () => {})
    stream.on('trailers', (trailers) => {
      source.unpipe(stream)
      source.destroy()
      stream.close(http2.constants.NGHTTP2_CANCEL)
      session.close()
      resolve({status, body: JSON.stringify(trailers)})
    })
    stream.on('data', () => {})
    source.pipe(stream)
  })
}

/** What each protocol answers: its HTTP status, and a marker of the code in its error body or trailers. */
interface Expected {
  status: number
  marker: string
}

const connectJson = {
  refused: {status: 401, marker: '"unauthenticated"'},
  tooLarge: {status: 429, marker: '"resource_exhausted"'},
}

const protocols: Array<{
  name: string
  send: (headers: Record<string, string>) => Promise<Answer>
  refused: Expected
  tooLarge: Expected
}> = [
  {name: 'Connect (binary)', send: (headers) => postHttp1('application/proto', headers, false), ...connectJson},
  {name: 'Connect (JSON)', send: (headers) => postHttp1('application/json', headers, false), ...connectJson},
  {
    name: 'gRPC-web',
    send: (headers) => postHttp1('application/grpc-web+proto', headers, true),
    refused: {status: 200, marker: 'grpc-status: 16'},
    tooLarge: {status: 200, marker: 'grpc-status: 8'},
  },
  {
    name: 'gRPC (h2c)',
    send: postGrpc,
    refused: {status: 200, marker: '"grpc-status":"16"'},
    tooLarge: {status: 200, marker: '"grpc-status":"8"'},
  },
]

function expectAnswer(answer: Answer, expected: Expected): void {
  expect(answer).toMatchObject({status: expected.status, body: expect.stringContaining(expected.marker)})
}

/** Runs `send` while sampling the emulator's resident memory; returns the answer and the growth at the peak. */
async function measured(send: () => Promise<Answer>): Promise<{answer: Answer; growthMb: number}> {
  const before = rssMb(ready.pid)
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(ready.pid))
  }, 10)
  try {
    const answer = await send()
    peak = Math.max(peak, rssMb(ready.pid))
    return {answer, growthMb: peak - before}
  } finally {
    clearInterval(sampler)
  }
}

async function stillServing(): Promise<void> {
  const health = await fetch(`${ready.url}/_emulator/health`)
  expect(health.status).toBe(200)
}

describe('a 250 MB message to CreateOrganization', () => {
  for (const protocol of protocols) {
    it(`${protocol.name}: without a token, is refused as unauthenticated before its body is read`, async () => {
      const {answer, growthMb} = await measured(() => protocol.send({}))
      expectAnswer(answer, protocol.refused)
      expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB)
      await stillServing()
    })

    it(`${protocol.name}: with a valid token, is refused as too large (4 MiB) while it streams in`, async () => {
      const {answer, growthMb} = await measured(() => protocol.send({authorization: `Bearer ${token}`}))
      expectAnswer(answer, protocol.tooLarge)
      expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB)
      await stillServing()
    })
  }
})
