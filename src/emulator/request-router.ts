import {type AdminDeps, handleAdminRequest} from './admin.js'
import type {DashboardDeps} from './dashboard/context.js'
import {handleDashboardRequest, isDashboardPath} from './dashboard/dashboard.js'
import {requestOrigin} from './http/host-check.js'
import {type AcceptPageDeps, handleAcceptPage} from './invitations/accept-page.js'
import {ACCEPT_PATH} from './invitations/links.js'
import {BodyTooLargeError, type HttpRequest, type HttpResponse, sendJson} from './http/http-util.js'
import {openidConfiguration} from './oauth/discovery.js'
import type {RotatingKey} from './oauth/rotating-key.js'
import {handleTokenRequest, type TokenEndpointDeps} from './oauth/token-endpoint.js'
import {handleUserinfo} from './oauth/userinfo.js'
import type {PortalDeps} from './portal/context.js'
import {handlePortalRequest, MAGIC_LINK_PREFIX} from './portal/portal.js'
import type {RestHandler} from './rest/gateway.js'
import {loggableTarget} from './request-log.js'
import {handlePasskeys} from './passkeys/page.js'
import {PASSKEYS_PATH} from './passkeys/browser-sign-ins.js'
import {handleScimRequest, SCIM_PATH_PREFIX, type ScimDeps} from './scim/handler.js'
import {handlePartnerCallback} from './custom-auth/callback.js'
import {PARTNER_CALLBACK} from './custom-auth/custom-auth.js'
import {handleHostedLogin} from './hosted-login/page.js'
import {HOSTED_LOGIN_PATH} from './hosted-login/hosted-logins.js'
import {handleAuthorize, SIMULATOR_PATH} from './sso/authorize.js'
import type {SsoContext} from './sso/context.js'
import {handleLogout} from './sso/logout.js'
import {handleSimulator} from './sso/simulator-page.js'
import {handleSpMetadata, SP_METADATA_PATH} from './sso/sp-metadata.js'

export interface RouterDeps {
  hostAllowed: (request: HttpRequest) => boolean
  grpc: (request: HttpRequest, response: HttpResponse) => void
  rest: RestHandler
  token: TokenEndpointDeps
  admin: AdminDeps
  key: RotatingKey
  sso: SsoContext
  portal: PortalDeps
  scim: ScimDeps
  invitations: AcceptPageDeps
  dashboard: DashboardDeps
  log: (line: string) => void
}

/** Sends each request to the part of the emulator that serves it; gRPC and Connect are the fallback. */
export function createRequestRouter(deps: RouterDeps): (request: HttpRequest, response: HttpResponse) => void {
  return (request, response) => {
    route(request, response, deps).catch((error: unknown) => {
      const target = loggableTarget(request.url ?? '/')
      deps.log(`error ${request.method} ${target}: ${error instanceof Error ? error.stack : String(error)}`)
      if (response.headersSent) {
        response.end()
      } else if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, {error: 'invalid_request', error_description: error.message})
      } else {
        sendJson(response, 500, {error: 'server_error', error_description: 'internal emulator error'})
      }
    })
  }
}

async function route(request: HttpRequest, response: HttpResponse, deps: RouterDeps): Promise<void> {
  if (!deps.hostAllowed(request)) {
    sendJson(response, 403, {
      error: 'forbidden_host',
      error_description:
        'the emulator only answers requests addressed to a loopback host (127.0.0.1, localhost, [::1])',
    })
    return
  }
  // Until the signing key exists only the liveness probe answers (callers give it a short timeout); everything
  // else waits, so nothing can reach for a key that is not there.
  if (request.url !== '/_emulator/health') await deps.key.ready
  // An envUrl with a trailing slash makes the SDK request `//oauth/token`, which URL parsing would read as a host.
  const rawUrl = request.url ?? '/'
  if (rawUrl.startsWith('//')) request.url = rawUrl.replace(/^\/+/, '/')
  const url = new URL(request.url ?? '/', 'http://emulator.invalid')
  const path = url.pathname

  if (path.startsWith('/api/')) {
    logWhenFinished(request, response, path, deps.log)
    await deps.rest(request, response, url)
    return
  }
  if (path === '/oauth/token') {
    logWhenFinished(request, response, path, deps.log)
    await handleTokenRequest(request, response, requestOrigin(request), deps.token)
    return
  }
  if (path.startsWith('/_emulator/')) {
    logWhenFinished(request, response, path, deps.log)
    await handleAdminRequest(request, response, path, deps.admin)
    return
  }
  if (isDashboardPath(request.method, path)) {
    logWhenFinished(request, response, path, deps.log)
    await handleDashboardRequest(request, response, url, deps.dashboard)
    return
  }
  if (path === '/oauth/authorize') {
    logWhenFinished(request, response, path, deps.log)
    if (request.method === 'GET') handleAuthorize(response, url, deps.sso)
    else sendJson(response, 405, {error: 'invalid_request', error_description: 'use GET'})
    return
  }
  if (path.startsWith(SIMULATOR_PATH)) {
    logWhenFinished(request, response, path, deps.log)
    await handleSimulator(request, response, path, requestOrigin(request), deps.sso)
    return
  }
  if (path.startsWith(HOSTED_LOGIN_PATH)) {
    logWhenFinished(request, response, path, deps.log)
    await handleHostedLogin(request, response, url, requestOrigin(request), deps.sso)
    return
  }
  if (request.method === 'GET' && PARTNER_CALLBACK.test(path)) {
    logWhenFinished(request, response, path, deps.log)
    handlePartnerCallback(request, response, url, deps.sso)
    return
  }
  if (request.method === 'GET' && path === '/oidc/logout') {
    logWhenFinished(request, response, path, deps.log)
    await handleLogout(response, url, deps.sso)
    return
  }
  if (path === '/userinfo') {
    logWhenFinished(request, response, path, deps.log)
    await handleUserinfo(request, response, {store: deps.sso.store, key: deps.key, clientId: deps.sso.client.clientId})
    return
  }
  if (request.method === 'GET' && path === '/keys') {
    // The SDK's validateToken fetches this once per client.
    sendJson(response, 200, deps.key.jwks({secondKey: deps.sso.faults.jwksHasSecondKey}))
    return
  }
  const spMetadata = request.method === 'GET' ? SP_METADATA_PATH.exec(path) : null
  if (spMetadata) {
    logWhenFinished(request, response, path, deps.log)
    handleSpMetadata(response, spMetadata[1]!, requestOrigin(request), deps.sso.store)
    return
  }
  if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
    sendJson(response, 200, openidConfiguration(requestOrigin(request)))
    return
  }
  if (path.startsWith(MAGIC_LINK_PREFIX)) {
    logWhenFinished(request, response, path, deps.log)
    await handlePortalRequest(request, response, path, deps.portal)
    return
  }
  if (path.startsWith(ACCEPT_PATH)) {
    // The token in the path is a bearer credential: keep it out of logs.
    logWhenFinished(request, response, `${ACCEPT_PATH}…`, deps.log)
    handleAcceptPage(request, response, path, deps.invitations)
    return
  }
  if (path === PASSKEYS_PATH || path.startsWith(`${PASSKEYS_PATH}/`)) {
    logWhenFinished(request, response, path, deps.log)
    await handlePasskeys(request, response, url, deps.sso)
    return
  }
  if (path.startsWith(SCIM_PATH_PREFIX)) {
    logWhenFinished(request, response, path, deps.log)
    await handleScimRequest(request, response, url, requestOrigin(request), deps.scim)
    return
  }
  // gRPC, gRPC-web and Connect; the invoker logs each call.
  deps.grpc(request, response)
}

/** Queries are left out of these lines; credentials in paths are cut off by loggableTarget. */
function logWhenFinished(request: HttpRequest, response: HttpResponse, path: string, log: (line: string) => void) {
  const started = performance.now()
  const target = loggableTarget(path)
  response.once('finish', () => {
    log(`http ${request.method} ${target} ${response.statusCode} ${(performance.now() - started).toFixed(1)}ms`)
  })
}
