import {type HttpRequest, type HttpResponse, parseBasicAuth, readBody, safeEqual, sendJson} from './http/http-util.js'
import type {OAuthClient} from './oauth/token-endpoint.js'
import type {RpcStats} from './rpc/stats.js'
import {FaultRequestError, type FaultSwitches} from './sso/faults.js'
import {InvalidRedirectUriError, type RedirectRegistry} from './sso/redirects.js'
import type {Store} from './store/store.js'

export interface AdminDeps {
  client: OAuthClient
  store: Store
  stats: RpcStats
  redirects: RedirectRegistry
  faults: FaultSwitches
  /** Where the IdP-initiated scenario redirects, when configured. */
  initiateLoginUri?: string
  /** Forgets in-flight logins and codes; called on reset. */
  resetSso: () => void
  dataDir: string | undefined
  startedAt: string
}

class AdminRequestError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

type AdminRoute = (request: HttpRequest, deps: AdminDeps) => Promise<unknown> | unknown

/** Endpoints that need the emulator's client credentials, by `METHOD path`. */
const protectedRoutes: Record<string, AdminRoute> = {
  'GET /_emulator/stats': (_request, deps) => deps.stats,
  'POST /_emulator/reset': (_request, deps) => {
    deps.store.reset()
    deps.stats.reset()
    deps.faults.clear()
    deps.resetSso()
    return {ok: true, organizations: deps.store.organizations.size}
  },
  'GET /_emulator/redirects': (_request, deps) => redirectsBody(deps),
  'POST /_emulator/redirects': async (request, deps) => {
    const body = await readJson(request)
    const add = typeof body === 'object' && body !== null ? (body as {add?: unknown}).add : undefined
    if (!Array.isArray(add)) throw new AdminRequestError('invalid_request', 'the body must be {"add": ["https://…"]}')
    try {
      deps.redirects.add(add)
    } catch (error) {
      if (error instanceof InvalidRedirectUriError) throw new AdminRequestError('invalid_redirect_uri', error.message)
      throw error
    }
    return redirectsBody(deps)
  },
  'GET /_emulator/faults': (_request, deps) => deps.faults.state(),
  'POST /_emulator/faults': async (request, deps) => {
    try {
      deps.faults.configure(await readJson(request))
    } catch (error) {
      if (error instanceof FaultRequestError) throw new AdminRequestError('invalid_request', error.message)
      throw error
    }
    return deps.faults.state()
  },
}

/**
 * `/_emulator/*`: what the CLI and tests use to manage a running emulator. Health is open (it proves "an skctl
 * emulator answers here" and reveals no data); everything else needs the emulator's own client credentials as
 * HTTP Basic.
 */
export async function handleAdminRequest(request: HttpRequest, response: HttpResponse, path: string, deps: AdminDeps) {
  const route = `${request.method} ${path}`
  if (route === 'GET /_emulator/health') {
    sendJson(response, 200, {
      ok: true,
      name: 'skctl-emulator',
      clientId: deps.client.clientId,
      dataDir: deps.dataDir ?? null,
      pid: process.pid,
      startedAt: deps.startedAt,
    })
    return
  }
  const handler = Object.hasOwn(protectedRoutes, route) ? protectedRoutes[route] : undefined
  if (!handler) {
    sendJson(response, 404, {error: 'not_found', error_description: `no admin endpoint ${route}`})
    return
  }
  if (!isEmulatorClient(request, deps.client)) {
    sendJson(
      response,
      401,
      {error: 'unauthorized', error_description: 'use HTTP Basic with the emulator client_id and client_secret'},
      {'www-authenticate': 'Basic realm="skctl-emulator"'},
    )
    return
  }
  try {
    sendJson(response, 200, await handler(request, deps))
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error
    sendJson(response, 400, {error: error.error, error_description: error.message})
  }
}

function redirectsBody(deps: AdminDeps) {
  return {redirectUris: deps.redirects.list(), initiateLoginUri: deps.initiateLoginUri ?? null}
}

async function readJson(request: HttpRequest): Promise<unknown> {
  try {
    return JSON.parse((await readBody(request)).toString('utf8')) as unknown
  } catch (error) {
    if (error instanceof SyntaxError) throw new AdminRequestError('invalid_request', 'the body must be JSON')
    throw error
  }
}

function isEmulatorClient(request: HttpRequest, client: OAuthClient): boolean {
  const credentials = parseBasicAuth(request.headers.authorization)
  if (!credentials) return false
  const idMatches = safeEqual(credentials.username, client.clientId)
  return safeEqual(credentials.password, client.clientSecret) && idMatches
}
