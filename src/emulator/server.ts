import {resolve} from 'node:path'
import {assertRegistrableRedirectUri} from '../shared/redirect-uris.js'
import {type AdminDeps, resetEmulator} from './admin.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_HOST} from './defaults.js'
import {bracketIPv6, createHostCheck} from './http/host-check.js'
import {accessTokenVerifier} from './oauth/access-token.js'
import {createM2MGrant} from './oauth/m2m-grant.js'
import {createRefreshTokenGrant} from './oauth/refresh-grant.js'
import {loadOrCreateSigningKey} from './oauth/signing-key.js'
import {RotatingKey} from './oauth/rotating-key.js'
import {type Clock, systemClock} from './clock.js'
import {authLogOf} from './auth-logs/auth-log.js'
import type {EmulatorClient} from './connect.js'
import {DashboardAuth} from './dashboard/auth.js'
import {EventBus} from './events/bus.js'
import {InvitationLinks} from './invitations/links.js'
import {PasswordlessState} from './passwordless/state.js'
import {PortalSessions} from './portal/sessions.js'
import {createRequestRouter} from './request-router.js'
import {createRestGateway} from './rest/gateway.js'
import {createGrpcHandler} from './rpc/grpc-routes.js'
import type {ApiFaultSettings} from '../shared/api-fault-config.js'
import {ApiFaults} from './rpc/api-faults.js'
import {createHandlerRunner, createInvoker} from './rpc/invoke.js'
import {RpcStats} from './rpc/stats.js'
import {services} from './services/index.js'
import {createAuthorizationCodeGrant} from './sso/code-grant.js'
import {completeLogin} from './sso/complete-login.js'
import {AuthorizationCodes} from './sso/codes.js'
import type {SsoContext} from './sso/context.js'
import {FaultSwitches} from './sso/faults.js'
import {LoginRequests} from './sso/login-requests.js'
import {RedirectRegistry} from './sso/redirects.js'
import {openStore} from './store/store.js'
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host || DEFAULT_HOST
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  const client = {
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
  }
  const log = options.log ?? (() => {})
  if (options.initiateLoginUri !== undefined) assertRegistrableRedirectUri(options.initiateLoginUri)
  const store = await openStore({dataDir})
  try {
    authLogOf(store, log)
    const key = new RotatingKey(loadOrCreateSigningKey(dataDir), dataDir)
    // A data directory's key is read (or first written) now, so a bad one stops the start. A memory-only emulator's
    // new key is generated while it already listens: requests wait for it (see the request router).
    if (dataDir !== undefined) await key.ready
    const stats = new RpcStats()
    const apiFaults = new ApiFaults(stats.faults, services)
    if (options.faults) apiFaults.configure(options.faults)
    const events = new EventBus()
    const passwordless = new PasswordlessState(options.clock)
    const invitations = new InvitationLinks(passwordless.outbox, options.clock)
    const webhooks = new Webhooks({store, events, retryBaseMs: options.webhookRetryBaseMs, log})
    const sso: SsoContext = {
      store,
      client,
      key,
      redirects: new RedirectRegistry(store, options.redirectUris, options.strictRedirects === true),
      loginRequests: new LoginRequests(),
      codes: new AuthorizationCodes(),
      faults: new FaultSwitches(),
      initiateLoginUri: options.initiateLoginUri,
    }
    const verifyAccessToken = accessTokenVerifier(key)
    const pipeline = createInvoker({
      services,
      store,
      events,
      passwordless,
      invitations,
      stats,
      faults: apiFaults,
      log,
      verifyToken: (token) => verifyAccessToken(token, client.clientId),
    })
    const admin: AdminDeps = {
      client,
      store,
      stats,
      redirects: sso.redirects,
      faults: sso.faults,
      apiFaults,
      webhooks,
      events,
      passwordless,
      initiateLoginUri: options.initiateLoginUri,
      resetSso: () => {
        sso.loginRequests.clear()
        sso.codes.clear()
        authLogOf(store).entries.clear()
        events.history.clear()
      },
      invitations,
      dashboard: new DashboardAuth(client, options.clock ?? systemClock),
      dataDir,
      startedAt: new Date().toISOString(),
    }
    const router = createRequestRouter({
      hostAllowed: createHostCheck(host),
      grpc: createGrpcHandler(services, pipeline),
      rest: createRestGateway(services, pipeline.invoke),
      token: {
        client,
        key,
        onTokenIssued: () => stats.tokens++,
        grants: {authorization_code: createAuthorizationCodeGrant(sso), refresh_token: createRefreshTokenGrant(sso)},
        m2m: createM2MGrant(store, key),
      },
      admin,
      dashboard: {admin, auth: admin.dashboard},
      key,
      sso,
      portal: {
        store,
        run: createHandlerRunner({services, store, events, passwordless, invitations}),
        sso,
        sessions: new PortalSessions(),
        now: options.clock ?? systemClock,
      },
      scim: {store, events},
      invitations: {store, events, invitations, initiateLoginUri: options.initiateLoginUri},
      log,
    })
    const server = await listenDualProtocol(
      router,
      options.port ?? 0,
      host,
      {...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts},
      options.tls,
    )
    const port = server.address.port
    let closed: Promise<void> | undefined
    const stop = () => {
      webhooks.close()
      closed ??= server.close().finally(() => store.close())
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
      reset: async () => resetEmulator(admin),
      outbox: async (filter) => passwordless.outbox.list(filter),
      deliveries: async ({endpointId, wait = 0} = {}) => {
        if (wait > 0) await webhooks.settled(endpointId, wait)
        return webhooks.deliveries(endpointId)
      },
      completeLogin: (login) => completeLogin({url, clientId: client.clientId}, login),
    }
  } catch (error) {
    store.close()
    throw error
  }
}

/** A wildcard bind is reachable on loopback, and loopback is what the host check lets through. */
function urlHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : bracketIPv6(host)
}
