import {randomBytes} from 'node:crypto'
import type {WebhookEndpointRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

const MAX_URL_LENGTH = 2048
const MAX_DESCRIPTION_LENGTH = 500
/** Scalekit's event types are dotted lower-case words: `organization.directory.user_created`. */
const EVENT_TYPE = /^[A-Za-z0-9_.-]{1,100}$/

/** Bad input to the webhook admin endpoints (answered with 400). */
export class InvalidWebhookRequestError extends Error {}

/** What the admin API shows of an endpoint: everything but the signing secret, which is shown once, on creation. */
export type WebhookEndpoint = Omit<WebhookEndpointRecord, 'secret' | 'createTime'> & {createdAt: string}

/** Scalekit's format, which the SDK's verifyWebhookPayload expects: the key is the base64 text after `whsec_`. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export function isValidEventType(type: unknown): type is string {
  return typeof type === 'string' && EVENT_TYPE.test(type)
}

/**
 * Endpoints registered with the environment, kept in the store (so in the data directory when there is one).
 * Any http(s) host is accepted, public ones included: the apps an emulator serves run wherever their developer
 * runs them, and the emulator only sends what it was asked to.
 */
export class WebhookEndpoints {
  constructor(private readonly store: Store) {}

  /** Validates `{url, description?, events?}` first; returns the record, secret included. */
  add(input: unknown): WebhookEndpointRecord {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new InvalidWebhookRequestError('the body must be a JSON object: {"url", "description", "events"}')
    }
    const fields = input as Record<string, unknown>
    const url = checkUrl(fields.url)
    const description = checkDescription(fields.description)
    const events = checkEvents(fields.events)
    const record: WebhookEndpointRecord = {
      id: this.store.newId('whe'),
      url,
      description,
      events,
      secret: newSigningSecret(),
      createTime: Date.now(),
    }
    this.store.webhookEndpoints.put(record)
    return record
  }

  get(id: string): WebhookEndpointRecord | undefined {
    return this.store.webhookEndpoints.get(id)
  }

  list(): WebhookEndpointRecord[] {
    return [...this.store.webhookEndpoints.values()]
  }

  /** Endpoints that receive events of this type. */
  subscribedTo(type: string): WebhookEndpointRecord[] {
    return this.list().filter((endpoint) => endpoint.events.length === 0 || endpoint.events.includes(type))
  }

  /** False when there was no such endpoint. */
  remove(id: string): boolean {
    return this.store.webhookEndpoints.delete(id) !== undefined
  }
}

export function publicEndpoint({secret: _secret, createTime, ...endpoint}: WebhookEndpointRecord): WebhookEndpoint {
  return {...endpoint, createdAt: new Date(createTime).toISOString()}
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new InvalidWebhookRequestError('url is required')
  if (value.length > MAX_URL_LENGTH) {
    throw new InvalidWebhookRequestError(`url is longer than ${MAX_URL_LENGTH} characters`)
  }
  const url = URL.parse(value)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidWebhookRequestError(`${value} is not an absolute http or https URL`)
  }
  if (url.username || url.password) throw new InvalidWebhookRequestError(`${value} must not contain credentials`)
  return url.href
}

function checkDescription(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new InvalidWebhookRequestError('description must be a string')
  if (value.length > MAX_DESCRIPTION_LENGTH) {
    throw new InvalidWebhookRequestError(`description is longer than ${MAX_DESCRIPTION_LENGTH} characters`)
  }
  return value
}

function checkEvents(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new InvalidWebhookRequestError('events must be a list of event types')
  for (const type of value) {
    if (!isValidEventType(type)) {
      throw new InvalidWebhookRequestError(
        `${JSON.stringify(type)} is not an event type (e.g. organization.directory.user_created)`,
      )
    }
  }
  return [...new Set(value as string[])]
}
