import http2 from 'node:http2'
import {ConnectError} from '@connectrpc/connect'
import {findTrailerError} from '@connectrpc/connect/protocol-grpc'
import {ConnectionService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {ErrorInfoSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {clientToken, failure, grpcClient, sdk} from './support.js'

let emulator: RunningEmulator
let token: string
const logLines: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({port: 0, log: (line) => logLines.push(line)})
  token = await clientToken(emulator.url)
})

afterAll(async () => {
  await emulator?.close()
})

interface RawGrpcAnswer {
  status: number | undefined
  headers: http2.IncomingHttpHeaders
  trailers: http2.IncomingHttpHeaders
}

/** A raw HTTP/2 gRPC call (an empty message), as a stock gRPC client makes it: what comes back, trailers apart. */
async function rawGrpc(path: string, authorization?: string): Promise<RawGrpcAnswer> {
  const session = http2.connect(emulator.url)
  try {
    return await new Promise<RawGrpcAnswer>((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...(authorization ? {authorization} : {}),
      })
      const answer: RawGrpcAnswer = {status: undefined, headers: {}, trailers: {}}
      stream.on('response', (headers) => {
        answer.status = Number(headers[':status'])
        answer.headers = headers
      })
      stream.on('trailers', (trailers) => (answer.trailers = trailers))
      stream.on('data', () => {})
      stream.on('end', () => resolve(answer))
      stream.on('error', reject)
      stream.end(Buffer.from([0, 0, 0, 0, 0]))
    })
  } finally {
    session.close()
  }
}

function expectUnimplemented(answer: RawGrpcAnswer, name: string): void {
  expect(answer.status).toBe(200)
  expect(answer.headers['content-type']).toMatch(/^application\/grpc/)
  expect(answer.trailers['grpc-status']).toBe('12')
  const message = `${name} is not implemented by the skctl emulator`
  expect(decodeURIComponent(String(answer.trailers['grpc-message']))).toBe(message)
  // grpc-status-details-bin is a google.rpc.Status carrying Scalekit's ErrorInfo, as grpcio and the SDKs read it.
  expect(answer.trailers['grpc-status-details-bin']).toBeTruthy()
  const trailers = new Headers(Object.entries(answer.trailers).map(([key, value]) => [key, String(value)]))
  const error = findTrailerError(trailers)
  expect(error?.code).toBe(12)
  expect(error?.rawMessage).toBe(message)
  expect(error?.findDetails(ErrorInfoSchema)[0]?.errorCode).toBe('UNIMPLEMENTED')
}

describe('RPCs the emulator does not serve', () => {
  it.each([
    ['an unknown service', 'scalekit.v1.nothing.NothingService/Anything'],
    ['an unknown method of a served service', 'scalekit.v1.organizations.OrganizationService/NoSuchMethod'],
    ['a served method without a handler', 'scalekit.v1.organizations.OrganizationService/GetPortalLinks'],
  ])('%s answers gRPC UNIMPLEMENTED in its trailers, with and without a token', async (_, name) => {
    expectUnimplemented(await rawGrpc(`/${name}`), name)
    expectUnimplemented(await rawGrpc(`/${name}`, `Bearer ${token}`), name)
    expectUnimplemented(await rawGrpc(`/${name}`, 'Bearer not-a-token'), name)
  })

  it('logs each call of an unknown RPC', () => {
    expect(logLines).toContain(
      'rpc scalekit.v1.nothing.NothingService/Anything unimplemented: not served by the emulator',
    )
  })

  it('answers gRPC-web and Connect in their own forms', async () => {
    const path = `${emulator.url}/scalekit.v1.nothing.NothingService/Anything`
    const web = await fetch(path, {
      method: 'POST',
      headers: {'content-type': 'application/grpc-web+proto'},
      body: new Uint8Array(5),
    })
    expect(web.status).toBe(200)
    // gRPC-web puts the status in a trailer frame (flag 0x80) at the end of the body.
    const frame = Buffer.from(await web.arrayBuffer())
    expect(frame[0]).toBe(0x80)
    expect(frame.subarray(5).toString('utf8')).toMatch(/grpc-status: ?12/)

    const connect = await fetch(path, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'})
    expect(connect.status).toBe(501)
    expect(await connect.json()).toMatchObject({
      code: 'unimplemented',
      message: 'scalekit.v1.nothing.NothingService/Anything is not implemented by the skctl emulator',
    })
  })

  it('reaches the SDK as ScalekitNotImplementedException naming the RPC', async () => {
    // AgentKit is out of the emulator's scope: its clients stay unserved.
    const error = await failure(sdk(emulator.url).tools.listTools())
    expect(error).toMatchObject({name: 'ScalekitNotImplementedException', grpcStatus: 12, errorCode: 'UNIMPLEMENTED'})
    expect(error.message).toMatch(
      /scalekit\.v1\.tools\.ToolService\/ListTools is not implemented by the skctl emulator/,
    )
  })

  it('still refuses a served RPC closed to client credentials with PERMISSION_DENIED', async () => {
    const grpc = grpcClient(ConnectionService, emulator.url, token)
    const error = ConnectError.from(
      await grpc.getConnectionContext({connectionId: 'conn_1', organizationId: 'org_1'}).catch((e: unknown) => e),
    )
    expect(error.code).toBe(7)
    expect(error.rawMessage).toBe('ConnectionService/GetConnectionContext cannot be called with client credentials')
  })

  it('keeps 404 for paths that are no RPC', async () => {
    expect((await fetch(`${emulator.url}/not-an-rpc`, {method: 'POST'})).status).toBe(404)
  })
})
