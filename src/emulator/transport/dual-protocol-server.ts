import http from 'node:http'
import http2, {type Http2Session} from 'node:http2'
import net, {type AddressInfo, type Socket} from 'node:net'
import {Duplex} from 'node:stream'
import type {HttpRequest, HttpResponse} from '../http/http-util.js'

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')

/** The TCP socket under each HTTP/2 session (node:http2 only shows a guarded proxy of the replaying stream). */
const sessionSockets = new WeakMap<Http2Session, Socket>()

export interface DualProtocolServer {
  address: AddressInfo
  /** Stops listening and destroys open connections (the SDK keeps its HTTP/2 session open for minutes). */
  close(): Promise<void>
}

/**
 * One port, two protocols: the SDK's gRPC client speaks h2c with prior knowledge, while its REST calls (axios),
 * curl and browsers speak HTTP/1.1. `http2.createServer({allowHTTP1})` only negotiates through TLS ALPN, so each
 * connection's first bytes decide: the HTTP/2 preface goes to the HTTP/2 server, anything else to HTTP/1.1.
 */
export function listenDualProtocol(
  handler: (request: HttpRequest, response: HttpResponse) => void,
  port: number,
  host: string,
): Promise<DualProtocolServer> {
  const http1Server = http.createServer(handler)
  const http2Server = http2.createServer(handler)
  const sockets = new Set<Socket>()
  // node:http2 creates a connection's session synchronously inside emit('connection').
  let connecting: Socket | undefined
  http2Server.on('session', (session) => {
    if (connecting) sessionSockets.set(session, connecting)
  })

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // Without this, Nagle's algorithm adds ~40 ms to small request/response exchanges.
    socket.setNoDelay(true)
    socket.on('error', () => socket.destroy())
    socket.once('data', (first: Buffer) => {
      socket.pause()
      if (isHttp2Preface(first)) {
        // node:http2 reads sockets through their native handle, so unshifted bytes would be lost; a JS stream
        // that replays the first chunk works.
        connecting = socket
        http2Server.emit('connection', new ReplayingStream(socket, first))
        connecting = undefined
      } else {
        socket.unshift(first)
        http1Server.emit('connection', socket)
        // The HTTP/1.1 server only listens for data; it does not undo the explicit pause above.
        socket.resume()
      }
    })
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            for (const socket of sockets) socket.destroy()
          }),
      })
    })
  })
}

/**
 * Drops a request's connection with a TCP reset and no answer, the way a crashed server or a load balancer does:
 * the client reads ECONNRESET. On HTTP/2 every call in flight on that connection fails with it, as in real life.
 */
export function resetConnection(request: HttpRequest): void {
  if (!('stream' in request)) {
    request.socket.resetAndDestroy()
    return
  }
  const session = request.stream.session
  if (session) sessionSockets.get(session)?.resetAndDestroy()
}

/** The first chunk may be shorter than the preface; what there is must match it. */
function isHttp2Preface(chunk: Buffer): boolean {
  const length = Math.min(chunk.length, HTTP2_PREFACE.length)
  return chunk.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length))
}

/** A Duplex over a socket whose first chunk was already read: it yields that chunk again, then the socket. */
class ReplayingStream extends Duplex {
  constructor(
    private readonly socket: Socket,
    first: Buffer,
  ) {
    super()
    this.push(first)
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause()
    })
    socket.on('end', () => this.push(null))
    socket.on('close', () => this.destroy())
  }

  override _read(): void {
    this.socket.resume()
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback)
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy()
    callback(error)
  }
}
