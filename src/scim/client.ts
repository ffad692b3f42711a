import type {JsonObject, JsonValue} from '@bufbuild/protobuf'

import {retryDelayMs} from '../api/retry-hint.js'
import {attribute, isObject, text} from '../shared/scim.js'
import {CliError} from '../errors.js'
import {type BackoffPolicy, backoffMs} from '../import/retry.js'

export const SCIM_MEDIA_TYPE = 'application/scim+json'

export type ScimMethod = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'

/** Rate limits and server errors are retried this way; a simulator gives up sooner than an import. */
const BACKOFF: BackoffPolicy = {baseMs: 200, capMs: 30_000, maxAttempts: 6}
const TIMEOUT_MS = 30_000
/** One page of a listing; servers may answer with fewer (RFC 7644 §3.4.2.4). */
const PAGE_SIZE = 100

/** A request the SCIM server refused, with what its SCIM error said (RFC 7644 §3.12). */
export class ScimRequestError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: string,
  ) {
    super(`HTTP ${status}${scimType ? ` ${scimType}` : ''}: ${detail}`)
    this.name = 'ScimRequestError'
  }
}

export interface ScimClientOptions {
  /** The SCIM base URL, e.g. https://acme.scalekit.dev/directory/dir_…/scim/v2 (no trailing slash). */
  endpoint: string
  token: string
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A SCIM 2.0 client that sends what an identity provider sends: `application/scim+json` with the directory's bearer
 * token. One request at a time; 429 and 5xx are retried with backoff, honouring Retry-After. A refused token (401)
 * or a refusal of the whole endpoint (403) stops the run; any other refusal is a ScimRequestError for that item.
 */
export class ScimClient {
  readonly endpoint: string
  private readonly token: string
  private readonly fetch: typeof fetch
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number

  constructor(options: ScimClientOptions) {
    this.endpoint = options.endpoint
    this.token = options.token
    this.fetch = options.fetch ?? fetch
    this.sleep = options.sleep ?? realSleep
    this.random = options.random ?? Math.random
  }

  async send(method: ScimMethod, path: string, body?: JsonObject): Promise<JsonObject | undefined> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.attempt(method, path, body)
      if (response.ok) return parseJson(await response.text())
      const retryable = response.status === 429 || response.status >= 500
      if (retryable && attempt + 1 < BACKOFF.maxAttempts) {
        await response.body?.cancel()
        await this.sleep(backoffMs(BACKOFF, attempt, this.random, retryDelayMs({headers: response.headers})))
        continue
      }
      throw this.failure(response.status, parseJson(await response.text().catch(() => '')))
    }
  }

  /** The resource whose unique attribute has this value (`filter=userName eq "…"`, as identity providers look up). */
  async findOne(resource: 'Groups' | 'Users', name: string, value: string): Promise<JsonObject | undefined> {
    const filter = encodeURIComponent(`${name} eq ${JSON.stringify(value)}`)
    const found = resources(await this.send('GET', `/${resource}?filter=${filter}`))
    return found.find((r) => text(r, name)?.toLowerCase() === value.toLowerCase()) ?? found[0]
  }

  /** Every resource of a type, page by page. */
  async listAll(resource: 'Groups' | 'Users'): Promise<JsonObject[]> {
    const all: JsonObject[] = []
    for (;;) {
      const answer = await this.send('GET', `/${resource}?startIndex=${all.length + 1}&count=${PAGE_SIZE}`)
      const page = resources(answer)
      all.push(...page)
      const total = Number(answer && attribute(answer, 'totalResults'))
      if (page.length === 0 || !(all.length < total)) return all
    }
  }

  private async attempt(method: ScimMethod, path: string, body: JsonObject | undefined): Promise<Response> {
    const headers: Record<string, string> = {accept: SCIM_MEDIA_TYPE, authorization: `Bearer ${this.token}`}
    if (body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE
    try {
      return await this.fetch(`${this.endpoint}${path}`, {
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
        method,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (error) {
      const reason = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
      throw new CliError('unreachable', `cannot reach the SCIM endpoint ${this.endpoint} (${reason})`, {
        cause: error,
        hint: 'check the endpoint URL and that the server is running',
      })
    }
  }

  private failure(status: number, body: JsonObject | undefined): Error {
    const detail = (body && (text(body, 'detail') ?? text(body, 'message'))) || `the server answered HTTP ${status}`
    const scimType = body && text(body, 'scimType')
    if (status === 401) {
      return new CliError('auth_failed', `the SCIM endpoint ${this.endpoint} refused the bearer token: ${detail}`, {
        hint: "pass the directory's current bearer token on stdin, or omit --endpoint to have one issued",
      })
    }
    if (status === 403) {
      return new CliError('auth_failed', `the SCIM endpoint ${this.endpoint} refused the request: ${detail}`, {
        hint: 'a disabled directory refuses provisioning: skctl directories enable',
      })
    }
    return new ScimRequestError(status, detail, scimType)
  }
}

/** The resources of a ListResponse (the attribute is `Resources`, in any case). */
function resources(answer: JsonObject | undefined): JsonObject[] {
  const list: JsonValue | undefined = answer && attribute(answer, 'Resources')
  return Array.isArray(list) ? list.filter(isObject) : []
}

function parseJson(body: string): JsonObject | undefined {
  if (!body.trim()) return undefined
  try {
    const value = JSON.parse(body) as JsonValue
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}
