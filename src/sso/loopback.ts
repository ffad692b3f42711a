import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

import {CliError} from '../errors.js'
import {resultPage} from './pages.js'

/** What the callback handler tells the browser: a final page, or (IdP-initiated restart) a redirect. */
export type CallbackAnswer =
  {location: string; type: 'redirect'} | {message: string; ok: boolean; title: string; type: 'page'}

export interface LoopbackOptions {
  /** Answers one callback at a time; called again only after a redirect answer. */
  handle: (params: URLSearchParams) => Promise<CallbackAnswer>
  /** The host name the redirect URI is registered with (127.0.0.1 or localhost); the server binds 127.0.0.1. */
  host?: string
  path: string
  port: number
}

const LOOPBACK_HOSTS = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/

/**
 * The one-shot local HTTP server the authorization server redirects to (RFC 8252 §7.3): bound to 127.0.0.1,
 * one path, 404 for anything else (a favicon request must not consume the callback), lets the first callback win
 * (409 for any other while it is handled or after a final page was served), and never answers a non-loopback Host
 * (DNS rebinding).
 */
export class Loopback {
  /**
   * `waiting` until a callback arrives; `handling` from then until its answer (back to `waiting` after a redirect,
   * the IdP-initiated restart); `done` after a final page. Claimed synchronously, before the first await, so copies
   * of the same callback arriving together cannot each be handled (each would spend the code or fail the state).
   */
  private state: 'done' | 'handling' | 'waiting' = 'waiting'
  private readonly sockets = new Set<import('node:net').Socket>()

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: LoopbackOptions,
  ) {}

  static async start(options: LoopbackOptions): Promise<Loopback> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new CliError('usage', `port ${options.port} on 127.0.0.1 is already in use`, {
                hint: 'stop what uses it, or pass --port N (a port registered as a callback) or --port 0',
              })
            : error,
        )
      })
      server.listen(options.port, '127.0.0.1', () => resolve())
    })
    const {port} = server.address() as {port: number}
    const loopback = new Loopback(server, port, options)
    server.on('connection', (socket) => {
      loopback.sockets.add(socket)
      socket.once('close', () => loopback.sockets.delete(socket))
    })
    server.on('request', (req, res) => void loopback.serve(req, res))
    return loopback
  }

  get redirectUri(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}${this.options.path}`
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, ok: boolean, title: string, message: string) => {
      res.writeHead(status, {'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8'})
      res.end(resultPage(ok, title, message))
    }
    if (!LOOPBACK_HOSTS.test(req.headers.host ?? '')) return send(403, false, 'Forbidden', 'Unexpected host.')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method !== 'GET' || url.pathname !== this.options.path) return send(404, false, 'Not found', url.pathname)
    if (this.state !== 'waiting') {
      return send(409, false, 'Already handled', 'This sign-in is already being completed; start a new test.')
    }
    this.state = 'handling'
    try {
      const answer = await this.options.handle(url.searchParams)
      if (answer.type === 'redirect') {
        this.state = 'waiting'
        res.writeHead(302, {'cache-control': 'no-store', location: answer.location})
        res.end()
        return
      }
      this.state = 'done'
      send(answer.ok ? 200 : 400, answer.ok, answer.title, answer.message)
    } catch (error) {
      this.state = 'done'
      send(500, false, 'Sign-in failed', (error as Error).message)
    }
  }
}
