import type {Delivery, EmulatorEvent, WebhookEndpoint} from '../emulator/index.js'
import {adminRequest, type EmulatorEndpoint} from './admin-client.js'

export type {Delivery, WebhookEndpoint} from '../emulator/index.js'

/** A new endpoint with the signing secret the emulator shows only in this answer. */
export type NewWebhookEndpoint = WebhookEndpoint & {secret: string}

/** A raised event and the endpoints subscribed to its type. */
export interface SentEvent {
  endpoints: string[]
  event: EmulatorEvent
}

/** How long a deliveries request may wait for pending ones (the emulator caps it at 60 s too). */
const DELIVERIES_WAIT_MS = 30_000

export function addWebhookEndpoint(
  emulator: EmulatorEndpoint,
  request: {description?: string; events?: string[]; url: string},
): Promise<NewWebhookEndpoint> {
  return adminRequest(emulator, 'POST', '/_emulator/webhooks', request)
}

export async function listWebhookEndpoints(emulator: EmulatorEndpoint): Promise<WebhookEndpoint[]> {
  return (await adminRequest<{endpoints: WebhookEndpoint[]}>(emulator, 'GET', '/_emulator/webhooks')).endpoints
}

export async function removeWebhookEndpoint(emulator: EmulatorEndpoint, id: string): Promise<void> {
  await adminRequest(emulator, 'DELETE', `/_emulator/webhooks/${encodeURIComponent(id)}`)
}

/** Oldest first; with `wait`, once none of them is pending (or after DELIVERIES_WAIT_MS). */
export async function listDeliveries(
  emulator: EmulatorEndpoint,
  filter: {endpointId?: string; wait?: boolean},
): Promise<Delivery[]> {
  const query = new URLSearchParams()
  if (filter.endpointId) query.set('endpoint', filter.endpointId)
  if (filter.wait) query.set('wait', String(DELIVERIES_WAIT_MS))
  const search = query.size > 0 ? `?${query}` : ''
  const answer = await adminRequest<{deliveries: Delivery[]}>(
    emulator,
    'GET',
    `/_emulator/webhooks/deliveries${search}`,
  )
  return answer.deliveries
}

/** Fields left out take the emulator's defaults: an `emulator.test` event of no organization. */
export function sendTestEvent(emulator: EmulatorEndpoint, event: Partial<EmulatorEvent>): Promise<SentEvent> {
  return adminRequest(emulator, 'POST', '/_emulator/events', event)
}
