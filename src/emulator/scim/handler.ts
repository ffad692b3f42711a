import type {JsonObject} from '@bufbuild/protobuf'
import {DirectoryStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import type {EventBus} from '../events/bus.js'
import {BodyTooLargeError, type HttpRequest, type HttpResponse, headerValue, readBody, send} from '../http/http-util.js'
import {applyGroupRoles} from '../services/directory-roles.js'
import {matchSecret} from '../services/directory-secrets.js'
import {scimEndpoint} from '../services/directory-state.js'
import type {DirectoryRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {resourceTypes, schemas, serviceProviderConfig} from './discovery.js'
import {ScimError} from './errors.js'
import {groupResources} from './groups.js'
import {
  create,
  get,
  list,
  parseBody,
  patch,
  type ProvisionedRecord,
  remove,
  replace,
  type ResourceType,
  type ScimAnswer,
  type ScimContext,
} from './resources.js'
import {userResources} from './users.js'

export const SCIM_PATH_PREFIX = '/directory/'
export const SCIM_MEDIA_TYPE = 'application/scim+json'
const SCIM_PATH = /^\/directory\/([^/]+)\/scim\/v2(\/.*)?$/
const DISCOVERY = new Map<string, (base: string, id?: string) => JsonObject>([
  ['serviceproviderconfig', serviceProviderConfig],
  ['resourcetypes', resourceTypes],
  ['schemas', schemas],
])

export interface ScimDeps {
  store: Store
  events: EventBus
}

/**
 * Each directory's SCIM 2.0 service provider (RFC 7644) at `/directory/<dir id>/scim/v2`: Users, Groups and the
 * discovery endpoints, authenticated with the directory's bearer secret. Every change is stored like any other
 * write and announced on the event bus with Scalekit's directory event types.
 */
export async function handleScimRequest(
  request: HttpRequest,
  response: HttpResponse,
  url: URL,
  origin: string,
  deps: ScimDeps,
): Promise<void> {
  let answer: ScimAnswer
  try {
    answer = await serve(request, url, origin, deps)
  } catch (error) {
    const failure =
      error instanceof BodyTooLargeError
        ? new ScimError(413, error.message)
        : error instanceof ScimError
          ? error
          : undefined
    if (!failure) throw error
    // RFC 6750 §3: a refused bearer token is answered with a challenge.
    const headers = failure.status === 401 ? {'www-authenticate': 'Bearer realm="SCIM"'} : undefined
    answer = {status: failure.status, body: failure.body, headers}
  }
  send(response, answer.status, SCIM_MEDIA_TYPE, answer.body ? JSON.stringify(answer.body) : '', answer.headers)
}

async function serve(request: HttpRequest, url: URL, origin: string, deps: ScimDeps): Promise<ScimAnswer> {
  const match = SCIM_PATH.exec(url.pathname)
  if (!match) throw notFoundAt(url)
  const directoryId = decodeSegment(match[1]!, url)
  const {directory, secretId} = authenticate(deps.store, directoryId, headerValue(request, 'authorization'))
  // The token is right but the organization's admin switched provisioning off: a refusal, not a bad credential,
  // so identity providers report "forbidden" rather than asking for a new token.
  if (!directory.enabled) {
    throw new ScimError(403, `directory ${directory.id} is disabled: it accepts no provisioning until it is enabled`)
  }
  if (directory.status !== DirectoryStatus.COMPLETED) {
    // The identity provider has connected: the directory's setup is complete.
    deps.store.directories.put({...directory, status: DirectoryStatus.COMPLETED})
  }
  const base = scimEndpoint(origin, directory.id)
  const context = scimContext(deps, directory.id, secretId, base)
  const segments = (match[2] ?? '').split('/').filter(Boolean)
  const [resource = '', id, ...extra] = segments.map((segment) => decodeSegment(segment, url))
  const kind = resource.toLowerCase()
  if (extra.length > 0) throw notFoundAt(url)
  if (kind === 'users') return serveResource(request, url, context, userResources, id)
  if (kind === 'groups') return serveResource(request, url, context, groupResources, id)
  const discovery = DISCOVERY.get(kind)
  if (!discovery || (kind === 'serviceproviderconfig' && id !== undefined)) throw notFoundAt(url)
  if (request.method !== 'GET') throw methodNotAllowed(request.method)
  return {status: 200, body: discovery(base, id)}
}

/** `/Users` and `/Groups`: list and create on the collection, read, replace, patch and delete on one resource. */
async function serveResource<R extends ProvisionedRecord, P>(
  request: HttpRequest,
  url: URL,
  context: ScimContext,
  type: ResourceType<R, P>,
  id: string | undefined,
): Promise<ScimAnswer> {
  const method = request.method ?? 'GET'
  const body = async () => parseBody(await readBody(request))
  if (id === undefined) {
    if (method === 'GET') return list(context, type, url.searchParams)
    if (method === 'POST') return create(context, type, await body())
    throw methodNotAllowed(method)
  }
  if (method === 'GET') return get(context, type, id, url.searchParams)
  if (method === 'PUT') return replace(context, type, id, await body())
  if (method === 'PATCH') return patch(context, type, id, await body())
  if (method === 'DELETE') return remove(context, type, id)
  throw methodNotAllowed(method)
}

/** The directory whose active secret the bearer token is; 401 for anything else, saying no more than that. */
function authenticate(store: Store, directoryId: string, authorization: string | undefined) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (!token) throw new ScimError(401, 'missing bearer token: send Authorization: Bearer <directory secret>')
  const directory = store.directories.get(directoryId)
  const secret = directory && matchSecret(directory, token)
  if (!directory || !secret) throw new ScimError(401, `the bearer token is not a secret of directory ${directoryId}`)
  return {directory, secretId: secret.id}
}

function scimContext({store, events}: ScimDeps, directoryId: string, secretId: string, base: string): ScimContext {
  const current = () => store.directories.get(directoryId)!
  return {
    store,
    get directory() {
      return current()
    },
    base,
    commit(write) {
      const result = store.batch(() => {
        const outcome = write()
        if (outcome.events.length > 0) {
          recordSync(store, current(), secretId)
          // Users and group members changed: their memberships' roles follow the group mappings.
          applyGroupRoles(store, current())
        }
        return outcome
      })
      for (const event of result.events) events.emit(event)
      return result
    },
  }
}

/** A provisioning change happened: the directory's last sync and its secret's last use are now. */
function recordSync(store: Store, directory: DirectoryRecord, secretId: string): void {
  const now = Date.now()
  const secrets = directory.secrets.map((secret) => (secret.id === secretId ? {...secret, lastUsedTime: now} : secret))
  store.directories.put({...directory, secrets, lastSyncTime: now})
}

function decodeSegment(segment: string, url: URL): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw notFoundAt(url)
  }
}

function notFoundAt(url: URL): ScimError {
  return new ScimError(404, `no SCIM endpoint at ${url.pathname}`)
}

function methodNotAllowed(method: string | undefined): ScimError {
  return new ScimError(405, `${method} is not supported here`)
}
