import {authLogOf} from '../auth-logs/auth-log.js'
import {html} from '../pages/html.js'
import type {DashboardRequest, DashboardSection} from './context.js'
import {dashboardLink, table} from './layout.js'
import {newestFirst, pageOf, pager} from './paging.js'

function organizationCell(deps: DashboardRequest['deps'], organizationId: string) {
  if (!organizationId) return html`—`
  const org = deps.admin.store.organizations.get(organizationId)
  return org ? dashboardLink(`/organizations/${org.id}`, org.displayName) : html`<code>${organizationId}</code>`
}

/** Authorization requests as AuditLogsService lists them, newest first. */
function authLogsPage({deps, query}: DashboardRequest) {
  const page = pageOf(newestFirst(authLogOf(deps.admin.store).entries), query)
  const rows = page.items.map((entry) => [
    html`${entry.timestamp.toISOString()}`,
    html`${entry.status}`,
    html`${entry.email || '—'}`,
    organizationCell(deps, entry.organizationId),
    html`${entry.connectionId ? html`<code>${entry.connectionId}</code> ${entry.connectionProvider}` : '—'}`,
    html`${entry.errorCode ? `${entry.errorCode}: ${entry.errorDescription ?? ''}` : '—'}`,
  ])
  return {
    title: 'Auth logs',
    body: html`${table(['When', 'Status', 'Email', 'Organization', 'Connection', 'Error'], rows, 'No sign-ins yet.')}
    ${pager('/auth-logs', page, query)}`,
  }
}

/** Every event the emulator raised (what EventsService lists and webhooks deliver), newest first. */
function eventsPage({deps, query}: DashboardRequest) {
  const page = pageOf(newestFirst(deps.admin.events.history), query)
  const rows = page.items.map((event) => [
    html`${event.occurredAt.toISOString()}`,
    html`${event.type}`,
    html`<code>${event.id}</code>`,
    organizationCell(deps, event.organizationId),
    html`<details>
      <summary>data</summary>
      <pre>${JSON.stringify(event.data, null, 2)}</pre>
    </details>`,
  ])
  return {
    title: 'Events',
    body: html`${table(['When', 'Type', 'ID', 'Organization', ''], rows, 'No events yet.')}
    ${pager('/events', page, query)}`,
  }
}

export const logsSection: DashboardSection = {
  nav: {path: '/auth-logs', label: 'Auth logs'},
  pages: [{path: /^\/auth-logs\/?$/, render: authLogsPage}],
}

export const eventsSection: DashboardSection = {
  nav: {path: '/events', label: 'Events'},
  pages: [{path: /^\/events\/?$/, render: eventsPage}],
}
