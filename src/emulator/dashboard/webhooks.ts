import {html} from '../pages/html.js'
import type {Delivery} from '../webhooks/delivery-log.js'
import {RedeliveryError} from '../webhooks/webhooks.js'
import {DASHBOARD_PREFIX, type DashboardRequest, type DashboardSection} from './context.js'
import {dashboardLink, postButton, prettyJson, table} from './layout.js'
import {recentPage} from './recent.js'

function lastStatus(delivery: Delivery): string {
  const last = delivery.attempts.at(-1)
  if (!last) return '—'
  return last.status === undefined ? (last.error ?? 'error') : `HTTP ${last.status}`
}

function webhooksPage({deps, query}: DashboardRequest) {
  const {webhooks} = deps.admin
  const endpoints = webhooks.endpoints
    .list()
    .map((endpoint) => [
      html`<code>${endpoint.id}</code>`,
      html`${endpoint.url}`,
      html`${endpoint.events.join(', ') || 'every event'}`,
      html`${endpoint.description ?? '—'}`,
    ])
  const {items, pager} = recentPage(webhooks.deliveries(), query, '/webhooks')
  const deliveries = items.map((delivery) => [
    dashboardLink(`/webhooks/deliveries/${delivery.id}`, delivery.id),
    html`${delivery.eventType}`,
    html`<code>${delivery.endpointId}</code>`,
    html`${delivery.state}`,
    html`${delivery.attempts.length}`,
    html`${lastStatus(delivery)}`,
    html`${delivery.createdAt}`,
  ])
  return {
    title: 'Webhooks',
    body: html`<h2>Endpoints</h2>
      ${table(['ID', 'URL', 'Events', 'Description'], endpoints, 'No endpoints: skctl emulator webhooks add URL.')}
      <h2>Deliveries</h2>
      ${table(['Delivery', 'Event', 'Endpoint', 'State', 'Attempts', 'Last answer', 'Created'], deliveries, 'No deliveries yet.')}
      ${pager}`,
  }
}

function deliveryPage({deps, match}: DashboardRequest) {
  const delivery = deps.admin.webhooks.delivery(match[1]!)
  if (!delivery) {
    return {
      status: 404,
      title: 'Delivery not found',
      body: html`<p>No delivery ${match[1]} (or it is too old to keep).</p>`,
    }
  }
  const attempts = delivery.attempts.map((attempt) => [
    html`${attempt.attempt}${attempt.manual ? html` <span class="muted">(redelivered)</span>` : ''}`,
    html`${attempt.at}`,
    html`${attempt.status === undefined ? (attempt.error ?? 'error') : `HTTP ${attempt.status}`}`,
    html`${attempt.durationMs} ms`,
    html`<pre>${Object.entries(attempt.headers).map(([name, value]) => `${name}: ${value}\n`)}</pre>`,
    attempt.response ? html`<pre>${attempt.response}</pre>` : html`—`,
  ])
  return {
    title: `Delivery ${delivery.id}`,
    body: html`<dl id="delivery">
        <dt>Event</dt>
        <dd>${delivery.eventType} <code>${delivery.eventId}</code></dd>
        <dt>Endpoint</dt>
        <dd><code>${delivery.endpointId}</code> ${delivery.url}</dd>
        <dt>State</dt>
        <dd id="state">
          ${delivery.state}${delivery.nextAttemptAt ? ` (next attempt ${delivery.nextAttemptAt})` : ''}
        </dd>
      </dl>
      ${postButton(deps.auth.csrf, `/webhooks/deliveries/${delivery.id}/redeliver`, 'Redeliver')}
      <h2>Attempts</h2>
      ${table(['#', 'At', 'Answer', 'Took', 'Signature headers', 'Response body'], attempts, 'No attempt yet.')}
      <h2>Payload</h2>
      <pre id="payload">${prettyJson(delivery.payload)}</pre>`,
  }
}

export const webhooksSection: DashboardSection = {
  nav: {path: '/webhooks', label: 'Webhooks'},
  pages: [
    {path: /^\/webhooks\/?$/, render: webhooksPage},
    {path: /^\/webhooks\/deliveries\/([^/]+)$/, render: deliveryPage},
  ],
  actions: [
    {
      path: /^\/webhooks\/deliveries\/([^/]+)\/redeliver$/,
      async run({deps, match}) {
        const back = `${DASHBOARD_PREFIX}/webhooks/deliveries/${encodeURIComponent(match[1]!)}`
        try {
          await deps.admin.webhooks.redeliver(match[1]!)
        } catch (error) {
          if (error instanceof RedeliveryError) return `${back}?done=gone`
          throw error
        }
        return `${back}?done=redelivered`
      },
    },
  ],
}
