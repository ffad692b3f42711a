import {type AdminDeps, resetEmulator} from './admin.js'
import {authLogOf} from './auth-logs/auth-log.js'
import {type Clock, systemClock} from './clock.js'
import {DashboardAuth} from './dashboard/auth.js'
import type {EventBus} from './events/bus.js'
import {createHostCheck} from './http/host-check.js'
import type {HttpRequest, HttpResponse} from './http/http-util.js'
import {InvitationLinks} from './invitations/links.js'
import {accessTokenVerifier} from './oauth/access-token.js'
import {createM2MGrant} from './oauth/m2m-grant.js'
import {createRefreshTokenGrant} from './oauth/refresh-grant.js'
import type {RotatingKey} from './oauth/rotating-key.js'
import type {OAuthClient} from './oauth/token-endpoint.js'
import {BrowserSignIns} from './passkeys/browser-sign-ins.js'
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
import {AuthorizationCodes} from './sso/codes.js'
import type {SsoContext} from './sso/context.js'
import {FaultSwitches} from './sso/faults.js'
import {LoginRequests} from './sso/login-requests.js'
import {HostedLogins} from './hosted-login/hosted-logins.js'
import {customAuthOf} from './custom-auth/custom-auth.js'
import type {RedirectRegistry} from './sso/redirects.js'
import type {Store} from './store/store.js'
import type {Webhooks} from './webhooks/webhooks.js'

/** What the server has ready before it listens, and what it was started with. */
export interface StartedCore {
  host: string
  client: OAuthClient
  store: Store
  key: RotatingKey
  events: EventBus
  webhooks: Webhooks
  log: (line: string) => void
  dataDir?: string
  startedAt: string
  /** Built before listening: invalid start-up redirect URIs refuse the start. */
  redirects: RedirectRegistry
  initiateLoginUri?: string
  faults?: ApiFaultSettings
  clock?: Clock
}

export interface RequestHandling {
  handle: (request: HttpRequest, response: HttpResponse) => void
  reset: () => void
  passwordless: PasswordlessState
}

/**
 * Everything that answers requests: the services with their descriptors and validation, gRPC, Connect and REST,
 * OAuth, the IdP simulator, portal, dashboard and SCIM. This module graph is most of the emulator's load time, so
 * the server imports it while it starts listening rather than before (see server.ts).
 *
 * Throws when `faults` is invalid.
 */
export function createRequestHandling(core: StartedCore): RequestHandling {
  const {store, events, client, key, log} = core
  authLogOf(store, log)
  const stats = new RpcStats()
  const apiFaults = new ApiFaults(stats.faults, services)
  if (core.faults) apiFaults.configure(core.faults)
  const passwordless = new PasswordlessState(core.clock)
  const invitations = new InvitationLinks(passwordless.outbox, core.clock)
  const sso: SsoContext = {
    events,
    store,
    client,
    key,
    redirects: core.redirects,
    loginRequests: new LoginRequests(),
    codes: new AuthorizationCodes(),
    faults: new FaultSwitches(),
    browserSignIns: new BrowserSignIns(),
    hostedLogins: new HostedLogins(),
    passwordless,
    settings: {fullStackAuth: true},
    initiateLoginUri: core.initiateLoginUri,
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
    webhooks: core.webhooks,
    events,
    passwordless,
    initiateLoginUri: core.initiateLoginUri,
    sso: sso.settings,
    resetSso: () => {
      sso.loginRequests.clear()
      sso.hostedLogins.clear()
      customAuthOf(store).reset()
      sso.settings.fullStackAuth = true
      sso.codes.clear()
      sso.browserSignIns.clear()
      authLogOf(store).entries.clear()
      events.history.clear()
    },
    invitations,
    dashboard: new DashboardAuth(client, core.clock ?? systemClock),
    dataDir: core.dataDir,
    startedAt: core.startedAt,
  }
  const handle = createRequestRouter({
    hostAllowed: createHostCheck(core.host),
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
      now: core.clock ?? systemClock,
    },
    scim: {store, events},
    invitations: {store, events, invitations, initiateLoginUri: core.initiateLoginUri},
    log,
  })
  return {handle, reset: () => resetEmulator(admin), passwordless}
}
