import {resolve} from 'node:path'
import {assertRegistrableRedirectUri} from '../shared/redirect-uris.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_HOST} from './defaults.js'
import {bracketIPv6, createHostCheck} from './http/host-check.js'
import {type HttpRequest, type HttpResponse, sendJson} from './http/http-util.js'
import {loadOrCreateSigningKey, type SigningKey} from './oauth/signing-key.js'
import {RotatingKey} from './oauth/rotating-key.js'
import type {Clock} from './clock.js'
import type {EmulatorClient} from './connect.js'
import {EventBus} from './events/bus.js'
import {sendHealth} from './health.js'
import type {RequestHandling, StartedCore} from './request-handling.js'
import type {ApiFaultSettings} from '../shared/api-fault-config.js'
import {completeLogin} from './sso/complete-login.js'
import {RedirectRegistry} from './sso/redirects.js'
import {reservePinnedIds} from './store/pinned-ids.js'
import {openStore} from './store/store.js'
import {type PinnedId, parsePinnedIds} from '../shared/pinned-ids.js'
import {
  type ConnectionTimeouts,
  DEFAULT_CONNECTION_TIMEOUTS,
  listenDualProtocol,
  type TlsIdentity,
} from './transport/dual-protocol-server.js'
import {Webhooks} from './webhooks/webhooks.js'

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Interface to bind; default (and empty string) 127.0.0.1. */
  host?: string
  /** Persist state, signing key and id counter here; memory only when undefined. */
  dataDir?: string
  clientId?: string
  clientSecret?: string
  /**
   * Registered redirect URIs besides the built-in loopback `/callback` ones; added to the persisted list. A
   * registered loopback URI matches on any port.
   */
  redirectUris?: string[]
  /**
   * Only registered redirect URIs match (loopback ones on any port). By default the emulator, as a development
   * environment, also accepts every `http://` loopback URI on any port and path.
   */
  strictRedirects?: boolean
  /** Where the IdP simulator's "IdP initiated SSO" scenario redirects; the login's redirect URI when unset. */
  initiateLoginUri?: string
  /** One line per request and RPC; silent when undefined. */
  log?: (line: string) => void
  /** API faults to inject from the start (see `POST /_emulator/api-faults`); refused whole when any part is invalid. */
  faults?: ApiFaultSettings
  /** Wait before the first webhook retry, doubled for each later one (default 1000; tests use a few ms). */
  webhookRetryBaseMs?: number
  /**
   * Where passwordless email sign-in and the admin portal (link and session lifetimes) read the time (epoch ms):
   * tests pass their own to check expiry and the per-minute limits without waiting. Default `Date.now`. Portal
   * links are stamped with the real time when generated, so a test clock moves forward from `Date.now()`.
   */
  clock?: Clock
  /**
   * When silent connections are closed: headers within 10 s, idle keep-alive (HTTP/1.1) or HTTP/2 session after
   * 5 s. Tests shorten them.
   */
  connectionTimeouts?: Partial<ConnectionTimeouts>
  /**
   * Serve the port over TLS with this certificate and key (PEM) — HTTP/2 and HTTP/1.1 chosen by ALPN — for clients
   * that only speak TLS, such as Scalekit's Python SDK. The URL is then `https://`. `skctl emulator start --tls`
   * makes a certificate for localhost and 127.0.0.1 from a local CA.
   */
  tls?: TlsIdentity
  /**
   * Ids to give the organizations, users, connections and directories created later (by a seed applied through the
   * API): checked before the emulator listens, a PinnedIdError naming the id when one is taken by something else.
   */
  pinnedIds?: PinnedId[]
}

/** An emulator running in this process: what a test does with any emulator, plus stopping it. */
export interface RunningEmulator extends EmulatorClient {
  host: string
  port: number
  dataDir?: string
  /** The bus services raise events on; whatever is emitted here is delivered to webhook endpoints. */
  events: EventBus
  /** Closes the server and every connection; state kept in `dataDir` stays, memory-only state is gone. */
  stop(): Promise<void>
  /** @deprecated the same as `stop()`. */
  close(): Promise<void>
}

/**
 * Opens the store, listens, and resolves once the emulator answers: what answers requests (services, descriptors,
 * validation, pages) loads while the store opens and the server starts listening, and a memory-only emulator's
 * signing key is generated on the thread pool meanwhile. Resolving only then means a test that awaits the start
 * never waits again on its first call. A request that arrives earlier (on a fixed port) waits for the same load;
 * the liveness probe answers at once.
 */
export async function startEmulator(
  options: EmulatorOptions = {},
  /** A memory-only emulator's signing key, when its generation began earlier (see index.ts). */
  newKey?: Promise<SigningKey>,
): Promise<RunningEmulator> {
  // Started first so its module loading overlaps with opening the store.
  const handlingModule = import('./request-handling.js')
  // A failed load surfaces on the requests that wait for it (and in `stop`); it must not also go unhandled.
  handlingModule.catch(() => {})
  const host = options.host || DEFAULT_HOST
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  const client = {
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
  }
  const log = options.log ?? (() => {})
  if (options.initiateLoginUri !== undefined) assertRegistrableRedirectUri(options.initiateLoginUri)
  const store = await openStore({dataDir})
  let webhooksToClose: Webhooks | undefined
  try {
    if (options.pinnedIds) reservePinnedIds(store, parsePinnedIds(options.pinnedIds))
    const key = new RotatingKey(dataDir === undefined && newKey ? newKey : loadOrCreateSigningKey(dataDir), dataDir)
    // A data directory's key is read (or first written) now, so a bad one stops the start. A memory-only emulator's
    // new key is generated while it already listens: requests wait for it (see the request router).
    if (dataDir !== undefined) await key.ready
    const events = new EventBus()
    const webhooks = new Webhooks({store, events, retryBaseMs: options.webhookRetryBaseMs, log})
    webhooksToClose = webhooks
    const core: StartedCore = {
      host,
      client,
      store,
      key,
      events,
      webhooks,
      log,
      dataDir,
      startedAt: new Date().toISOString(),
      redirects: new RedirectRegistry(store, options.redirectUris, options.strictRedirects === true),
      initiateLoginUri: options.initiateLoginUri,
      faults: options.faults,
      clock: options.clock,
    }
    const handling = handlingModule.then(({createRequestHandling}) => createRequestHandling(core))
    handling.catch(() => {})
    // Faults given at start are refused whole when invalid: checking them needs the services, so wait for them.
    if (options.faults) await handling
    let ready: RequestHandling | undefined
    void handling.then((loaded) => (ready = loaded))
    const hostAllowed = createHostCheck(host)
    const health = {clientId: client.clientId, dataDir, startedAt: core.startedAt}
    const listener = (request: HttpRequest, response: HttpResponse) => {
      if (ready) {
        ready.handle(request, response)
      } else if (request.method === 'GET' && request.url === '/_emulator/health' && hostAllowed(request)) {
        // The liveness probe answers at once, as it does while a new signing key is generated.
        const started = performance.now()
        response.once('finish', () => {
          log(`http GET /_emulator/health ${response.statusCode} ${(performance.now() - started).toFixed(1)}ms`)
        })
        sendHealth(response, health)
      } else {
        handling.then(
          (loaded) => loaded.handle(request, response),
          (error: unknown) => {
            log(`error ${request.method}: the emulator failed to load: ${error instanceof Error ? error.stack : error}`)
            sendJson(response, 500, {error: 'server_error', error_description: 'internal emulator error'})
          },
        )
      }
    }
    const server = await listenDualProtocol(
      listener,
      options.port ?? 0,
      host,
      {...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts},
      options.tls,
    )
    try {
      await Promise.all([handling, key.ready])
    } catch (error) {
      await server.close()
      throw error
    }
    const port = server.address.port
    let closed: Promise<void> | undefined
    const stop = () => {
      webhooks.close()
      // Waits for a load still under way, so nothing of this emulator runs once `stop` has resolved.
      closed ??= server
        .close()
        .then(() =>
          handling.then(
            () => {},
            () => {},
          ),
        )
        .finally(() => store.close())
      return closed
    }
    const url = `${options.tls ? 'https' : 'http'}://${urlHost(host)}:${port}`
    return {
      url,
      host,
      port,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      env: {
        SCALEKIT_ENVIRONMENT_URL: url,
        SCALEKIT_CLIENT_ID: client.clientId,
        SCALEKIT_CLIENT_SECRET: client.clientSecret,
      },
      dataDir,
      events,
      stop,
      close: stop,
      reset: async () => (await handling).reset(),
      outbox: async (filter) => (await handling).passwordless.outbox.list(filter),
      deliveries: async ({endpointId, wait = 0} = {}) => {
        if (wait > 0) await webhooks.settled(endpointId, wait)
        return webhooks.deliveries(endpointId)
      },
      completeLogin: (login) =>
        completeLogin(
          {url, clientId: client.clientId, outbox: async (filter) => (await handling).passwordless.outbox.list(filter)},
          login,
        ),
    }
  } catch (error) {
    webhooksToClose?.close()
    store.close()
    throw error
  }
}

/** A wildcard bind is reachable on loopback, and loopback is what the host check lets through. */
function urlHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : bracketIPv6(host)
}
