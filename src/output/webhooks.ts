import type {Delivery, WebhookEndpoint} from '../emulator/index.js'
import {day} from './format.js'
import type {Column} from './table.js'

export const endpointColumns: Column<WebhookEndpoint>[] = [
  {header: 'ID', value: (e) => e.id},
  {header: 'URL', value: (e) => e.url},
  {header: 'EVENTS', value: (e) => (e.events.length === 0 ? 'all' : e.events.join(', '))},
  {header: 'DESCRIPTION', value: (e) => e.description},
  {header: 'CREATED', value: (e) => day(e.createdAt)},
]

/** The last attempt's HTTP status, or why it got none. */
function lastResult(delivery: Delivery): string {
  const last = delivery.attempts.at(-1)
  if (!last) return ''
  return last.status === undefined ? (last.error ?? 'error') : String(last.status)
}

export const deliveryColumns: Column<Delivery>[] = [
  {header: 'TIME', value: (d) => d.createdAt.replace(/\.\d+Z$/, 'Z')},
  {header: 'EVENT', value: (d) => d.eventType},
  {header: 'ENDPOINT', value: (d) => d.endpointId},
  {header: 'ATTEMPTS', value: (d) => d.attempts.length},
  {header: 'LAST STATUS', value: lastResult},
  {header: 'STATE', value: (d) => d.state},
]
