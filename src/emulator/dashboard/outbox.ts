import {html} from '../pages/html.js'
import type {OutboxMessage} from '../passwordless/outbox.js'
import type {DashboardRequest, DashboardSection} from './context.js'
import {dashboardLink, table} from './layout.js'
import {recentPage} from './recent.js'

/**
 * Links in emails point at the app (magic links) or the emulator (invitation accept pages): only http(s) ones are
 * made clickable, so a crafted `javascript:` value stays text.
 */
function link(url: string | null) {
  if (!url) return ''
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" class="email-link">${url}</a>` : html`<code>${url}</code>`
}

function content(message: OutboxMessage) {
  if (message.kind === 'invitation') {
    return html`Invitation to
      ${dashboardLink(`/organizations/${message.organizationId}`, message.organizationName)}${
        message.inviterEmail ? html` from ${message.inviterEmail}` : ''
      }<br />${link(message.acceptLink)}`
  }
  return html`${message.otp ? html`Code <code class="otp">${message.otp}</code><br />` : ''}${link(message.magicLink)}`
}

function outboxPage({deps, query}: DashboardRequest) {
  const {items, pager} = recentPage(deps.admin.passwordless.outbox.list(), query, '/outbox')
  const rows = items.map((message) => [
    html`${message.sentAt}`,
    html`${message.to}`,
    html`${message.subject}<br /><span class="muted">${message.kind} · ${message.type} · ${message.reason}</span>`,
    content(message),
    html`${message.expiresAt}`,
  ])
  return {
    title: 'Outbox',
    body: html`<p class="muted">
        Emails the emulator would have sent: passwordless codes and magic links, and invitations. Newest first.
      </p>
      ${table(['Sent', 'To', 'Subject', 'Content', 'Expires'], rows, 'No emails yet.')} ${pager}`,
  }
}

export const outboxSection: DashboardSection = {
  nav: {path: '/outbox', label: 'Outbox'},
  pages: [{path: /^\/outbox\/?$/, render: outboxPage}],
}
