import http from 'node:http'
import http2, {type Http2Session} from 'node:http2'
import net, {type AddressInfo, type Socket} from 'node:net'
import {Duplex} from 'node:stream'
import type {HttpRequest, HttpResponse} from '../http/http-util.js'

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')

/** The longest an HTTP/1.1 request (headers and body, at most a few MiB) may take to arrive. */
const REQUEST_TIMEOUT_MS = 30_000

/** The TCP socket under each HTTP/2 session (node:http2 only shows a guarded proxy of the replaying stream). */
const sessionSockets = new WeakMap<Http2Session, Socket>()

/** How long a connection may take to say something, and stay silent between requests. */
export interface ConnectionTimeouts {
  /** Until a request's headers are complete (HTTP/1.1), or until the HTTP/2 preface has arrived. */
  headersMs: number
  /** Between requests: HTTP/1.1 keep-alive, an HTTP/2 session with nothing to do. */
  idleMs: number
}

/** Node's own HTTP/1.1 keep-alive default, and a header deadline a local client never comes near. */
export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = {headersMs: 10_000, idleMs: 5000}

/** A certificate (chain) and its private key, PEM: the port then speaks TLS only, HTTP/2 or HTTP/1.1 by ALPN. */
export interface TlsIdentity {
  cert: string
  key: string
}

export interface DualProtocolServer {
  address: AddressInfo
  /** Stops listening and destroys open connections (the SDK keeps its HTTP/2 session open for minutes). */
  close(): Promise<void>
}

/**
 * One port, two protocols: the SDK's gRPC client speaks h2c with prior knowledge, while its REST calls (axios),
 * curl and browsers speak HTTP/1.1. `http2.createServer({allowHTTP1})` only negotiates through TLS ALPN, so each
 * connection's first bytes decide: the full HTTP/2 preface goes to the HTTP/2 server, anything else to HTTP/1.1.
 * Silent and idle connections are closed, so open sockets cannot pile up. With `tls`, the same port speaks TLS
 * instead, and ALPN (h2, http/1.1) chooses the protocol, as gRPC clients and browsers expect over TLS.
 */
export function listenDualProtocol(
  handler: (request: HttpRequest, response: HttpResponse) => void,
  port: number,
  host: string,
  timeouts: ConnectionTimeouts = DEFAULT_CONNECTION_TIMEOUTS,
  tls?: TlsIdentity,
): Promise<DualProtocolServer> {
  const http1Server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: timeouts.idleMs,
      requestTimeout: Math.max(timeouts.headersMs, REQUEST_TIMEOUT_MS),
      // How often those deadlines are checked (default 30 s).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
    handler,
  )
  // Node starts enforcing headersTimeout and requestTimeout when its server starts listening; this one never
  // listens (connections are handed to it), so tell it the port is open.
  http1Server.emit('listening')
  const http2Server = http2.createServer(handler)
  const secureServer = tls
    ? http2.createSecureServer({...tls, allowHTTP1: true, handshakeTimeout: timeouts.headersMs}, handler)
    : undefined
  const sockets = new Set<Socket>()
  // node:http2 creates a connection's session synchronously inside emit('connection').
  let connecting: Socket | undefined
  const onSession = (session: Http2Session) => {
    if (connecting) sessionSockets.set(session, connecting)
    // GOAWAY after a quiet spell: calls in flight finish, and clients open a new connection for the next one.
    session.setTimeout(timeouts.idleMs, () => session.close())
  }
  http2Server.on('session', onSession)
  secureServer?.on('session', onSession)

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // Without this, Nagle's algorithm adds ~40 ms to small request/response exchanges.
    socket.setNoDelay(true)
    socket.on('error', () => socket.destroy())
    if (secureServer) {
      // The TLS server reads the socket itself: the handshake, then ALPN, decide the rest.
      secureServer.emit('connection', socket)
      return
    }
    const silent = setTimeout(() => socket.destroy(), timeouts.headersMs)
    socket.once('close', () => clearTimeout(silent))
    let received = Buffer.alloc(0)
    const sniff = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const protocol = protocolOf(received)
      if (protocol === undefined) return
      socket.off('data', sniff)
      socket.pause()
      clearTimeout(silent)
      if (protocol === 'h2') {
        // node:http2 reads sockets through their native handle, so unshifted bytes would be lost; a JS stream
        // that replays what was read works.
        connecting = socket
        http2Server.emit('connection', new ReplayingStream(socket, received))
        connecting = undefined
      } else {
        socket.unshift(received)
        http1Server.emit('connection', socket)
        // The HTTP/1.1 server only listens for data; it does not undo the explicit pause above.
        socket.resume()
      }
    }
    socket.on('data', sniff)
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            http1Server.close()
            secureServer?.close()
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
  if (!session) return
  // Over TLS the session's socket is not known here; destroying the session fails its calls the same way.
  const socket = sessionSockets.get(session)
  if (socket) socket.resetAndDestroy()
  else session.destroy()
}

/**
 * HTTP/2 once the whole preface has arrived, HTTP/1.1 as soon as a byte differs from it (`PUT`, `PATCH` and `POST`
 * share its first letter), undefined while what arrived is still a prefix of it.
 */
function protocolOf(received: Buffer): 'h2' | 'http/1.1' | undefined {
  const length = Math.min(received.length, HTTP2_PREFACE.length)
  if (!received.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length))) return 'http/1.1'
  return length === HTTP2_PREFACE.length ? 'h2' : undefined
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

  /**
   * node:http2 writes each answer as several frames (headers, data, trailers) into a corked stream: handed over
   * together they leave in one socket write, where `_write` alone would send them one by one, each after the last.
   */
  override _writev(
    chunks: Array<{chunk: Buffer; encoding: BufferEncoding}>,
    callback: (error?: Error | null) => void,
  ): void {
    this.socket.cork()
    chunks.forEach(({chunk, encoding}, i) =>
      this.socket.write(chunk, encoding, i === chunks.length - 1 ? callback : undefined),
    )
    this.socket.uncork()
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback)
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy()
    callback(error)
  }
}
