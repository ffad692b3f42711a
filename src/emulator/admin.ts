import {InvalidRedirectUriError} from '../shared/redirect-uris.js'
import type {DashboardAuth} from './dashboard/auth.js'
import {LOGIN_PATH} from './dashboard/context.js'
import type {EventBus} from './events/bus.js'
import {type BuiltEvent, EVENT_TYPES} from './events/catalog.js'
import {TriggerRequestError, triggerEvent} from './events/trigger.js'
import {sendHealth} from './health.js'
import {requestOrigin} from './http/host-check.js'
import {
  type HttpRequest,
  type HttpResponse,
  jsonNestedDeeperThan,
  MAX_JSON_DEPTH,
  parseBasicAuth,
  readBody,
  safeEqual,
  sendJson,
} from './http/http-util.js'
import type {InvitationLinks} from './invitations/links.js'
import type {OAuthClient} from './oauth/token-endpoint.js'
import {parseSettingsUpdate, PasswordlessRequestError} from './passwordless/settings.js'
import type {PasswordlessState} from './passwordless/state.js'
import {ApiFaultConfigError} from '../shared/api-fault-config.js'
import {parsePinnedIds, PinnedIdError} from '../shared/pinned-ids.js'
import type {ApiFaults} from './rpc/api-faults.js'
import type {RpcStats} from './rpc/stats.js'
import {customAuthOf} from './custom-auth/custom-auth.js'
import {magicLinkUriProblem} from '../shared/passwordless-rules.js'
import type {SsoSettings} from './sso/context.js'
import {FaultRequestError, type FaultSwitches} from './sso/faults.js'
import {BuiltInRedirectUriError, type RedirectRegistry} from './sso/redirects.js'
import {reservePinnedIds} from './store/pinned-ids.js'
import type {Store} from './store/store.js'
import {InvalidWebhookRequestError, publicEndpoint} from './webhooks/endpoints.js'
import {newEventId} from './webhooks/envelope.js'
import {parseTestEvent} from './webhooks/test-event.js'
import type {Webhooks} from './webhooks/webhooks.js'

export interface AdminDeps {
  client: OAuthClient
  store: Store
  stats: RpcStats
  redirects: RedirectRegistry
  faults: FaultSwitches
  /** Faults of the RPC pipeline: `/_emulator/api-faults`. */
  apiFaults: ApiFaults
  webhooks: Webhooks
  /** `POST /_emulator/events` raises test events here. */
  events: EventBus
  /** Passwordless settings and the outbox: `/_emulator/passwordless`, `/_emulator/outbox`. */
  passwordless: PasswordlessState
  /** Accept links of invitation emails; forgotten on reset with the outbox. */
  invitations: InvitationLinks
  /** Where the IdP-initiated scenario redirects, when configured. */
  initiateLoginUri?: string
  /** The environment's Full-Stack Auth switch: `/_emulator/full-stack-auth`. */
  sso: SsoSettings
  /** Forgets in-flight logins and codes, the auth log and the event history; called on reset. */
  resetSso: () => void
  /** One-time login links of the web dashboard: `POST /_emulator/dashboard-link`. */
  dashboard: DashboardAuth
  dataDir: string | undefined
  startedAt: string
}

class AdminRequestError extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status = 400,
    /** More members of the error answer (the known event types, say). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** `id` is the last path segment of routes registered as `METHOD /path/:id`. */
type AdminRoute = (request: HttpRequest, deps: AdminDeps, id: string) => Promise<unknown> | unknown

/** Endpoints that need the emulator's client credentials, by `METHOD path` (or `METHOD /path/:id`). */
const protectedRoutes: Record<string, AdminRoute> = {
  'GET /_emulator/stats': (_request, deps) => deps.stats,
  'POST /_emulator/reset': (_request, deps) => {
    resetEmulator(deps)
    return {ok: true, organizations: deps.store.organizations.size}
  },
  // A link that opens the web dashboard signed in, once, within a minute: what `skctl emulator open` opens.
  'POST /_emulator/dashboard-link': (request, deps) => {
    const {token, expiresAt} = deps.dashboard.createLoginToken()
    const url = `${requestOrigin(request)}${LOGIN_PATH}?token=${token}`
    return {url, expiresAt: new Date(expiresAt).toISOString()}
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
  // `?uri=URL`: a query, so the URL need not be squeezed into one path segment.
  'DELETE /_emulator/redirects': (request, deps) => {
    const uri = new URL(request.url ?? '/', 'http://emulator.invalid').searchParams.get('uri')
    if (!uri) throw new AdminRequestError('invalid_request', 'name the redirect URI to remove: ?uri=URL')
    let removed: boolean
    try {
      removed = deps.redirects.remove(uri)
    } catch (error) {
      if (error instanceof BuiltInRedirectUriError) throw new AdminRequestError('invalid_request', error.message)
      throw error
    }
    if (!removed) throw new AdminRequestError('not_found', `${uri} is not a registered redirect URI`, 404)
    return {...redirectsBody(deps), removed: uri}
  },
  // Ids for the creates of an environment file applied next (`skctl emulator import`, a seed): see pinned-ids.ts.
  // `{"pins": [...]}` replaces the pins waiting; `"append": true` adds to them (a long list comes in parts).
  'POST /_emulator/pinned-ids': async (request, deps) => {
    const body = (await readJson(request)) as {append?: unknown; pins?: unknown} | null
    try {
      const pins = parsePinnedIds(body?.pins)
      return {reserved: reservePinnedIds(deps.store, pins, {append: body?.append === true})}
    } catch (error) {
      if (error instanceof PinnedIdError) {
        throw new AdminRequestError('pinned_id_conflict', error.message, 400, {id: error.id})
      }
      throw error
    }
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
  'GET /_emulator/api-faults': (_request, deps) => deps.apiFaults.state(),
  'POST /_emulator/api-faults': async (request, deps) => {
    const body = await readJson(request)
    try {
      deps.apiFaults.configure(body)
    } catch (error) {
      if (error instanceof ApiFaultConfigError) throw new AdminRequestError('invalid_request', error.message)
      throw error
    }
    return deps.apiFaults.state()
  },
  'DELETE /_emulator/api-faults': (_request, deps) => {
    deps.apiFaults.clear()
    return deps.apiFaults.state()
  },
  'GET /_emulator/webhooks': (_request, deps) => ({endpoints: deps.webhooks.endpoints.list().map(publicEndpoint)}),
  'POST /_emulator/webhooks': async (request, deps) => {
    const body = await readJson(request)
    const record = webhookRequest(() => deps.webhooks.endpoints.add(body))
    // The only answer that carries the signing secret.
    return {...publicEndpoint(record), secret: record.secret}
  },
  'DELETE /_emulator/webhooks/:id': (_request, deps, id) => {
    if (!deps.webhooks.removeEndpoint(id)) throw new AdminRequestError('not_found', `no webhook endpoint ${id}`, 404)
    return {id, removed: true}
  },
  // `?endpoint=ID` filters; `?wait=MS` first waits (at most 60 s) until none of those deliveries is pending.
  'GET /_emulator/webhooks/deliveries': async (request, deps) => {
    const query = new URL(request.url ?? '/', 'http://emulator.invalid').searchParams
    const endpoint = query.get('endpoint') || undefined
    const wait = Number(query.get('wait') ?? 0)
    if (!Number.isFinite(wait) || wait < 0) throw new AdminRequestError('invalid_request', 'wait must be milliseconds')
    if (wait > 0) await deps.webhooks.settled(endpoint, wait)
    return {deliveries: deps.webhooks.deliveries(endpoint)}
  },
  'POST /_emulator/events': async (request, deps) => {
    const body = await readJson(request)
    const event = webhookRequest(() => parseTestEvent(body))
    const endpoints = deps.webhooks.endpoints.subscribedTo(event.type).map((endpoint) => endpoint.id)
    deps.events.emit(event)
    return {event, endpoints}
  },
  // Any event type Scalekit sends, built from the emulator's records; `GET` lists the types.
  'GET /_emulator/trigger': () => ({eventTypes: EVENT_TYPES}),
  'POST /_emulator/trigger': async (request, deps) => {
    const body = await readJson(request)
    let built: BuiltEvent
    try {
      built = triggerEvent(deps.store, body)
    } catch (error) {
      if (!(error instanceof TriggerRequestError)) throw error
      const status = error.code === 'not_found' ? 404 : 400
      const details = error.code === 'unknown_event_type' ? {event_types: EVENT_TYPES} : {}
      throw new AdminRequestError(error.code, error.message, status, details)
    }
    const event = {...built.event, id: newEventId()}
    const endpoints = deps.webhooks.endpoints.subscribedTo(event.type).map((endpoint) => endpoint.id)
    deps.events.emit(event)
    return {event, endpoints, sample: built.sample}
  },
  // `?to=EMAIL` keeps one recipient's messages; `?after=msg_…` only those sent later (for polling).
  'GET /_emulator/outbox': (request, deps) => {
    const query = new URL(request.url ?? '/', 'http://emulator.invalid').searchParams
    const filter = {to: query.get('to') ?? undefined, after: query.get('after') ?? undefined}
    return {messages: passwordlessRequest(() => deps.passwordless.outbox.list(filter))}
  },
  // Scalekit's "Disable Full-Stack Auth" (Modular SSO): `{"enabled": false}` makes an authorize request without a
  // connection selector fail with invalid_connection_selector instead of showing the hosted login page.
  'GET /_emulator/full-stack-auth': (_request, deps) => ({enabled: deps.sso.fullStackAuth}),
  'POST /_emulator/full-stack-auth': async (request, deps) => {
    const body = await readJson(request)
    const enabled = typeof body === 'object' && body !== null ? (body as {enabled?: unknown}).enabled : undefined
    if (typeof enabled !== 'boolean')
      throw new AdminRequestError('invalid_request', 'the body must be {"enabled": true|false}')
    deps.sso.fullStackAuth = enabled
    return {enabled}
  },
  // "Bring your own auth": `{"loginUri": "http://127.0.0.1:3000/login"}` sends authorize requests that would open
  // the hosted login page to the app's login endpoint instead (src/emulator/custom-auth); DELETE turns it off.
  'GET /_emulator/custom-auth': (_request, deps) => customAuthBody(deps),
  'POST /_emulator/custom-auth': async (request, deps) => {
    const body = await readJson(request)
    const loginUri = typeof body === 'object' && body !== null ? (body as {loginUri?: unknown}).loginUri : undefined
    const problem = typeof loginUri === 'string' ? magicLinkUriProblem(loginUri) : 'it is missing'
    if (problem) throw new AdminRequestError('invalid_request', `loginUri must be an http(s) URL: ${problem}`)
    customAuthOf(deps.store).enable(loginUri as string, () => deps.store.newId('conn'))
    return customAuthBody(deps)
  },
  'DELETE /_emulator/custom-auth': (_request, deps) => {
    customAuthOf(deps.store).disable()
    return customAuthBody(deps)
  },
  'GET /_emulator/passwordless': (_request, deps) => deps.passwordless.settings,
  'POST /_emulator/passwordless': async (request, deps) => {
    const body = await readJson(request)
    return passwordlessRequest(() => deps.passwordless.configure(parseSettingsUpdate(body)))
  },
}

/** Back to a fresh start: the seeded data only, no faults, logins, webhooks, deliveries or emails. */
export function resetEmulator(deps: AdminDeps): void {
  deps.store.reset()
  deps.stats.reset()
  deps.faults.clear()
  deps.apiFaults.clear()
  deps.resetSso()
  deps.webhooks.reset()
  deps.passwordless.reset()
  deps.invitations.reset()
}

function customAuthBody(deps: AdminDeps) {
  const settings = customAuthOf(deps.store).settings
  return settings ? {enabled: true, ...settings} : {enabled: false}
}

/** Runs `work`, turning the passwordless module's input errors into 400 answers. */
function passwordlessRequest<R>(work: () => R): R {
  try {
    return work()
  } catch (error) {
    if (error instanceof PasswordlessRequestError) throw new AdminRequestError('invalid_request', error.message)
    throw error
  }
}

/** Runs `work`, turning the webhook module's input errors into 400 answers. */
function webhookRequest<R>(work: () => R): R {
  try {
    return work()
  } catch (error) {
    if (error instanceof InvalidWebhookRequestError) throw new AdminRequestError('invalid_request', error.message)
    throw error
  }
}

/**
 * `/_emulator/*`: what the CLI and tests use to manage a running emulator. Health is open (it proves "an skctl
 * emulator answers here" and reveals no data); everything else needs the emulator's own client credentials as
 * HTTP Basic.
 */
export async function handleAdminRequest(request: HttpRequest, response: HttpResponse, path: string, deps: AdminDeps) {
  const route = `${request.method} ${path}`
  if (route === 'GET /_emulator/health') {
    sendHealth(response, {clientId: deps.client.clientId, dataDir: deps.dataDir, startedAt: deps.startedAt})
    return
  }
  const {handler, id} = findRoute(request.method ?? '', path)
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
    sendJson(response, 200, await handler(request, deps, id))
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error
    sendJson(response, error.status, {error: error.error, error_description: error.message, ...error.details})
  }
}

/** An exact `METHOD path` route, else a `METHOD /parent/:id` one with the last segment as `id`. */
function findRoute(method: string, path: string): {handler?: AdminRoute; id: string} {
  const exact = `${method} ${path}`
  if (Object.hasOwn(protectedRoutes, exact)) return {handler: protectedRoutes[exact], id: ''}
  const slash = path.lastIndexOf('/')
  const id = path.slice(slash + 1)
  const pattern = `${method} ${path.slice(0, slash)}/:id`
  return {handler: id && Object.hasOwn(protectedRoutes, pattern) ? protectedRoutes[pattern] : undefined, id}
}

/** `redirectUris` (plain URIs) is the original shape; `redirects` adds where each came from. */
function redirectsBody(deps: AdminDeps) {
  return {
    redirectUris: deps.redirects.list(),
    redirects: deps.redirects.entries(),
    strict: deps.redirects.strict,
    initiateLoginUri: deps.initiateLoginUri ?? null,
  }
}

async function readJson(request: HttpRequest): Promise<unknown> {
  let body: unknown
  try {
    body = JSON.parse((await readBody(request)).toString('utf8')) as unknown
  } catch (error) {
    if (error instanceof SyntaxError) throw new AdminRequestError('invalid_request', 'the body must be JSON')
    throw error
  }
  if (jsonNestedDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new AdminRequestError('invalid_request', `the body nests more than ${MAX_JSON_DEPTH} levels deep`)
  }
  return body
}

function isEmulatorClient(request: HttpRequest, client: OAuthClient): boolean {
  const credentials = parseBasicAuth(request.headers.authorization)
  if (!credentials) return false
  const idMatches = safeEqual(credentials.username, client.clientId)
  return safeEqual(credentials.password, client.clientSecret) && idMatches
}
