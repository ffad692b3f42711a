import {type HttpRequest, type HttpResponse, parseBasicAuth, safeEqual, sendJson} from './http/http-util.js'
import type {OAuthClient} from './oauth/token-endpoint.js'
import type {RpcStats} from './rpc/stats.js'
import type {Store} from './store/store.js'

export interface AdminDeps {
  client: OAuthClient
  store: Store
  stats: RpcStats
  dataDir: string | undefined
  startedAt: string
}

/**
 * `/_emulator/*`: what the CLI uses to manage a running emulator. Health is open (it proves "an skctl emulator
 * answers here" and reveals no data); everything else needs the emulator's own client credentials as HTTP Basic.
 */
export function handleAdminRequest(request: HttpRequest, response: HttpResponse, path: string, deps: AdminDeps) {
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
  if (route !== 'POST /_emulator/reset' && route !== 'GET /_emulator/stats') {
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
  if (route === 'GET /_emulator/stats') {
    sendJson(response, 200, deps.stats)
    return
  }
  deps.store.reset()
  deps.stats.reset()
  sendJson(response, 200, {ok: true, organizations: deps.store.organizations.size})
}

function isEmulatorClient(request: HttpRequest, client: OAuthClient): boolean {
  const credentials = parseBasicAuth(request.headers.authorization)
  if (!credentials) return false
  const idMatches = safeEqual(credentials.username, client.clientId)
  return safeEqual(credentials.password, client.clientSecret) && idMatches
}
