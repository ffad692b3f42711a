import {type HttpRequest, type HttpResponse, readBody, sendRedirect} from '../http/http-util.js'
import {html} from '../pages/html.js'
import {sessionCookie} from './auth.js'
import {DASHBOARD_PREFIX, type DashboardDeps, LOGIN_PATH, type DashboardPage, type DashboardSection} from './context.js'
import {dashboardLink, sendBarePage, sendDashboardPage} from './layout.js'
import {faultsSection} from './faults.js'
import {eventsSection, logsSection} from './logs.js'
import {organizationsSection} from './organizations.js'
import {outboxSection} from './outbox.js'
import {webhooksSection} from './webhooks.js'
import {rolesSection} from './roles.js'
import {usersSection} from './users.js'

/** The dashboard's parts, in navigation order. A new part is a DashboardSection and a line here. */
const SECTIONS: readonly DashboardSection[] = [
  organizationsSection,
  usersSection,
  rolesSection,
  outboxSection,
  webhooksSection,
  eventsSection,
  logsSection,
  faultsSection,
]

/** `/` and `/dashboard…` are the dashboard; everything else on the emulator's origin is another part of it. */
export function isDashboardPath(method: string | undefined, path: string): boolean {
  if (path === '/') return method === 'GET'
  return path === DASHBOARD_PREFIX || path.startsWith(`${DASHBOARD_PREFIX}/`)
}

/**
 * The emulator's web dashboard: server-rendered pages over the store and the admin state, no script. Pages are
 * GETs; every change (redeliver, reset) is a form POST with the CSRF token, answered with a redirect.
 */
export async function handleDashboardRequest(
  request: HttpRequest,
  response: HttpResponse,
  url: URL,
  deps: DashboardDeps,
): Promise<void> {
  const path = url.pathname
  if (request.method === 'GET' && path === LOGIN_PATH) {
    const login = deps.auth.exchange(url.searchParams.get('token') ?? '')
    if (!login) {
      signInPage(response, 'This dashboard link has been used or has expired (links work once, for a minute).')
      return
    }
    response.setHeader('set-cookie', sessionCookie(login.session, login.maxAgeMs))
    sendRedirect(response, DASHBOARD_PREFIX, 303)
    return
  }
  if (!deps.auth.allowed(request)) {
    signInPage(response)
    return
  }
  const subPath = path === '/' ? '' : path.slice(DASHBOARD_PREFIX.length).replace(/\/$/, '')
  if (request.method === 'POST') {
    await handleAction(request, response, subPath, deps)
    return
  }
  if (request.method !== 'GET') {
    sendBarePage(response, 405, 'Method not allowed', html`<p>The dashboard answers GET and POST only.</p>`)
    return
  }
  const query = url.searchParams
  const page = renderPage(deps, subPath, query)
  const current = SECTIONS.find((section) => section.nav && subPath.startsWith(section.nav.path))?.nav?.path ?? ''
  sendDashboardPage(response, SECTIONS, current, page, query.get('done'))
}

function renderPage(deps: DashboardDeps, subPath: string, query: URLSearchParams): DashboardPage {
  if (subPath === '') return overview(deps)
  for (const section of SECTIONS) {
    for (const route of section.pages) {
      const match = route.path.exec(subPath)
      if (match) return route.render({deps, match, query})
    }
  }
  return {status: 404, title: 'Page not found', body: html`<p>The dashboard has no such page.</p>`}
}

async function handleAction(request: HttpRequest, response: HttpResponse, subPath: string, deps: DashboardDeps) {
  const form = new URLSearchParams((await readBody(request)).toString('utf8'))
  if (!deps.auth.validForm(form)) {
    sendBarePage(
      response,
      403,
      'Form refused',
      html`<p class="danger" role="alert">
        The form did not carry the dashboard's security token. Reload the page and try again.
      </p>`,
    )
    return
  }
  for (const section of SECTIONS) {
    for (const action of section.actions ?? []) {
      const match = action.path.exec(subPath)
      if (match) {
        sendRedirect(response, await action.run({deps, match, query: new URLSearchParams(), form}), 303)
        return
      }
    }
  }
  sendBarePage(response, 404, 'Not found', html`<p>The dashboard has no such form.</p>`)
}

/** 401 with a Basic challenge: a browser offers to sign in with the client id and secret. */
function signInPage(response: HttpResponse, problem?: string): void {
  sendBarePage(
    response,
    401,
    'Sign in to the emulator dashboard',
    html`${problem ? html`<p class="danger" role="alert">${problem}</p>` : ''}
      <p>
        Run <code>skctl emulator open</code>: it opens this dashboard signed in. Or sign in with the emulator's client
        id and client secret (<code>skctl emulator status</code> shows them).
      </p>`,
    {'www-authenticate': 'Basic realm="skctl-emulator"'},
  )
}

function overview(deps: DashboardDeps): DashboardPage {
  const {store, webhooks, passwordless, dataDir, startedAt} = deps.admin
  const card = (count: number, label: string, path?: string) =>
    html`<div class="card"><strong>${count}</strong>${path ? dashboardLink(path, label) : label}</div>`
  return {
    title: 'Overview',
    body: html`<div class="cards" id="counts">
        ${card(store.organizations.size, 'organizations', '/organizations')}
        ${card(store.users.size, 'users', '/users')} ${card(store.memberships.size, 'memberships')}
        ${card(store.roles.size, 'roles', '/roles')} ${card(store.connections.size, 'connections')}
        ${card(store.directories.size, 'directories')}
        ${card(webhooks.endpoints.list().length, 'webhook endpoints', '/webhooks')}
        ${card(webhooks.deliveries().length, 'webhook deliveries')}
        ${card(passwordless.outbox.list().length, 'emails in the outbox', '/outbox')}
      </div>
      <dl>
        <dt>Environment</dt>
        <dd><code>${store.environment.id}</code></dd>
        <dt>Data directory</dt>
        <dd>${dataDir ?? 'none (in memory: a restart starts afresh)'}</dd>
        <dt>Started</dt>
        <dd>${startedAt}</dd>
      </dl>`,
  }
}
