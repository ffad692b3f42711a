import {once} from 'node:events'
import http from 'node:http'
import http2 from 'node:http2'
import net from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'

// Short deadlines so the test does not wait out the defaults (10 s for headers, 5 s idle).
const TIMEOUTS = {headersMs: 400, idleMs: 300}

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({port: 0, connectionTimeouts: TIMEOUTS})
})

afterAll(async () => {
  await emulator?.close()
})

async function connect(): Promise<net.Socket> {
  const socket = net.connect(emulator.port, '127.0.0.1')
  // Each write its own packet, so the emulator sees the pieces the test sends.
  socket.setNoDelay(true)
  await once(socket, 'connect')
  return socket
}

/** Resolves with everything the server sent once it closes the connection. */
function closedByServer(socket: net.Socket): Promise<string> {
  let received = ''
  socket.setEncoding('latin1').on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', () => {})
  return new Promise((resolve) => socket.once('close', () => resolve(received)))
}

/**
 * The emulator runs in this process: once a whole event-loop turn (with its poll phase) has passed, it has read
 * what the test wrote, so the next write reaches it as a separate chunk.
 */
async function emulatorHasRead(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
}

/** Reads until `predicate` holds for what arrived so far. */
function readUntil(socket: net.Socket, predicate: (received: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0)
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (!predicate(received)) return
      socket.off('data', onData)
      resolve(received)
    }
    socket.on('data', onData)
    socket.once('error', reject)
  })
}

describe('idle connections', () => {
  it('closes sockets that never send a byte', async () => {
    const sockets = await Promise.all(Array.from({length: 50}, connect))
    await Promise.all(sockets.map(closedByServer))
  })

  it('closes an HTTP/1.1 connection whose headers never finish', async () => {
    const socket = await connect()
    const closed = closedByServer(socket)
    socket.write('GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    expect(await closed).not.toContain('"ok":true')
  })

  it('closes a kept-alive HTTP/1.1 connection after a quiet spell', async () => {
    const agent = new http.Agent({keepAlive: true})
    try {
      const request = http.get(`${emulator.url}/_emulator/health`, {agent})
      const [response] = (await once(request, 'response')) as [http.IncomingMessage]
      response.resume()
      await once(response, 'end')
      await once(request.socket!, 'close')
    } finally {
      agent.destroy()
    }
  })

  it('sends GOAWAY to an HTTP/2 session with nothing to do', async () => {
    const session = http2.connect(emulator.url)
    try {
      const stream = session.request({':path': '/_emulator/health'})
      stream.resume()
      await once(stream, 'end')
      await once(session, 'goaway')
    } finally {
      session.destroy()
    }
  })
})

describe('telling HTTP/1.1 from HTTP/2', () => {
  it('serves HTTP/1.1 whose first packet is just "P"', async () => {
    for (const method of ['PUT', 'PATCH', 'POST']) {
      const socket = await connect()
      socket.write('P')
      await emulatorHasRead()
      socket.write(`${method.slice(1)} /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      const answer = await closedByServer(socket)
      // Health only answers GET, so any HTTP/1.1 answer from the admin router proves the routing.
      expect(answer, method).toMatch(/^HTTP\/1\.1 404 /)
    }
  })

  it('still recognises an HTTP/2 preface that arrives in pieces', async () => {
    const socket = await connect()
    socket.write('PRI * HTTP/2.0\r\n')
    await emulatorHasRead()
    // The rest of the preface, then an empty SETTINGS frame: length 0, type 4, no flags, stream 0.
    socket.write(Buffer.concat([Buffer.from('\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]))
    const reply = await readUntil(socket, (received) => received.length >= 9)
    socket.destroy()
    // The server's first frame is its own SETTINGS.
    expect(reply[3]).toBe(4)
  })
})
