import {resolve} from 'node:path'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_HOST} from './defaults.js'
import {bracketIPv6, createHostCheck} from './http/host-check.js'
import {verifyAccessToken} from './oauth/access-token.js'
import {loadOrCreateSigningKey} from './oauth/signing-key.js'
import {EventBus} from './events/bus.js'
import {createRequestRouter} from './request-router.js'
import {createRestGateway} from './rest/gateway.js'
import {createGrpcHandler} from './rpc/grpc-routes.js'
import {createInvoker} from './rpc/invoke.js'
import {RpcStats} from './rpc/stats.js'
import {services} from './services/index.js'
import {createAuthorizationCodeGrant} from './sso/code-grant.js'
import {AuthorizationCodes} from './sso/codes.js'
import type {SsoContext} from './sso/context.js'
import {FaultSwitches} from './sso/faults.js'
import {LoginRequests} from './sso/login-requests.js'
import {assertRegistrableRedirectUri, RedirectRegistry} from './sso/redirects.js'
import {openStore} from './store/store.js'
import {listenDualProtocol} from './transport/dual-protocol-server.js'

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
   * Allowed redirect URIs besides the built-in loopback `/callback` ones; added to the persisted list. Loopback
   * URIs match on any port.
   */
  redirectUris?: string[]
  /** Where the IdP simulator's "IdP initiated SSO" scenario redirects; the login's redirect URI when unset. */
  initiateLoginUri?: string
  /** One line per request and RPC; silent when undefined. */
  log?: (line: string) => void
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash: pass it to `new ScalekitClient(url, clientId, secret)`. */
  url: string
  host: string
  port: number
  clientId: string
  dataDir?: string
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
    const key = loadOrCreateSigningKey(dataDir)
    const stats = new RpcStats()
    const events = new EventBus()
    const sso: SsoContext = {
      store,
      client,
      key,
      redirects: new RedirectRegistry(store, options.redirectUris),
      loginRequests: new LoginRequests(),
      codes: new AuthorizationCodes(),
      faults: new FaultSwitches(),
      initiateLoginUri: options.initiateLoginUri,
    }
    const invoke = createInvoker({
      services,
      store,
      events,
      stats,
      log,
      verifyToken: (token) => verifyAccessToken(key, token, client.clientId),
    })
    const router = createRequestRouter({
      hostAllowed: createHostCheck(host),
      grpc: createGrpcHandler(services, invoke),
      rest: createRestGateway(services, invoke),
      token: {
        client,
        key,
        onTokenIssued: () => stats.tokens++,
        grants: {authorization_code: createAuthorizationCodeGrant(sso)},
      },
      admin: {
        client,
        store,
        stats,
        redirects: sso.redirects,
        faults: sso.faults,
        initiateLoginUri: options.initiateLoginUri,
        resetSso: () => {
          sso.loginRequests.clear()
          sso.codes.clear()
        },
        dataDir,
        startedAt: new Date().toISOString(),
      },
      key,
      sso,
      log,
    })
    const server = await listenDualProtocol(router, options.port ?? 0, host)
    const port = server.address.port
    let closed: Promise<void> | undefined
    return {
      url: `http://${urlHost(host)}:${port}`,
      host,
      port,
      clientId: client.clientId,
      dataDir,
      close: () => {
        closed ??= server.close().finally(() => store.close())
        return closed
      },
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
