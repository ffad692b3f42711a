import {ConnectError} from '@connectrpc/connect'
import {requestOrigin} from '../http/host-check.js'
import {type HttpRequest, type HttpResponse, readBody, safeEqual, sendRedirect} from '../http/http-util.js'
import {html} from '../pages/html.js'
import type {PortalContext, PortalDeps, PortalPage, PortalSection} from './context.js'
import {directorySection} from './directory-section.js'
import {domainsSection} from './domains-section.js'
import {sendPortalError, sendPortalPage} from './layout.js'
import {clearedCookie, PORTAL_SESSION_TTL_MS, sessionCookie} from './sessions.js'
import {ssoSection} from './sso-section.js'

export const MAGIC_LINK_PREFIX = '/magicLink/'

/** The portal's parts, in navigation order. A new part is a PortalSection and a line here. */
const SECTIONS: readonly PortalSection[] = [ssoSection, domainsSection, directorySection]

/**
 * `/magicLink/<token>[/…]`: the emulator's admin portal. An API-generated link is used once: its first visit,
 * within a minute of its creation, exchanges it for a six-hour session held in a cookie scoped to the link's path.
 * Any other visit without that session is refused, so the link cannot be replayed in another browser. Pages are
 * plain HTML; forms post with the session's CSRF token and redirect back (post/redirect/get).
 */
export async function handlePortalRequest(
  request: HttpRequest,
  response: HttpResponse,
  path: string,
  deps: PortalDeps,
): Promise<void> {
  const token = path.slice(MAGIC_LINK_PREFIX.length).split('/')[0] ?? ''
  const base = `${MAGIC_LINK_PREFIX}${token}`
  const subPath = path.slice(base.length)
  const error = (status: number, title: string, text: string, headers?: Record<string, string>) =>
    sendPortalError(response, deps.sso.redirects, status, title, text, headers)

  if (request.method !== 'GET' && request.method !== 'POST') {
    error(405, 'Method not allowed', 'The admin portal answers GET and POST only.')
    return
  }
  const link = token ? deps.store.portalLinks.getBy('token', token) : undefined
  const organization = link && deps.store.organizations.get(link.organizationId)
  if (!link || !organization) {
    error(404, 'Link not found', 'This admin portal link does not exist or has been revoked. Ask for a new link.')
    return
  }
  const now = deps.now()
  let session = deps.sessions.find(request, link)
  if (session && now >= session.expiresAt) {
    deps.sessions.end(session.id)
    error(410, 'Session expired', 'Your admin portal session has ended (sessions last 6 hours). Ask for a new link.', {
      'set-cookie': clearedCookie(base),
    })
    return
  }
  if (!session) {
    if (link.activateTime !== undefined) {
      error(
        410,
        'Link already used',
        'This admin portal link has already been opened. Links work once: ask for a new link.',
      )
      return
    }
    if (now > link.expireTime) {
      error(410, 'Link expired', 'This admin portal link expired before it was opened. Ask for a new link.')
      return
    }
    if (request.method !== 'GET' || subPath !== '') {
      error(403, 'No portal session', 'Open the admin portal link you were given first.')
      return
    }
    deps.store.portalLinks.put({...link, activateTime: now})
    session = deps.sessions.create(link, now + PORTAL_SESSION_TTL_MS)
    response.setHeader('set-cookie', sessionCookie(base, session, PORTAL_SESSION_TTL_MS))
  }

  const ctx: PortalContext = {deps, session, link, organization, origin: requestOrigin(request), base}
  if (request.method === 'POST') {
    await handleAction(request, response, ctx, subPath)
    return
  }
  const query = new URL(request.url ?? '/', 'http://emulator.invalid').searchParams
  const page = await renderPage(ctx, subPath, query)
  const current = SECTIONS.find((section) => section.nav && subPath.startsWith(section.nav.path))?.nav?.path ?? ''
  sendPortalPage(response, ctx, SECTIONS, current, page)
}

async function renderPage(ctx: PortalContext, subPath: string, query: URLSearchParams): Promise<PortalPage> {
  if (subPath === '' || subPath === '/') return overview(ctx)
  for (const section of SECTIONS) {
    for (const route of section.pages) {
      const match = route.path.exec(subPath)
      if (match) return route.render(ctx, match, query)
    }
  }
  return {status: 404, title: 'Page not found', body: html`<p>The admin portal has no such page.</p>`}
}

/**
 * Checks the CSRF token, runs the action and redirects: to where the action says, else back to the form's page.
 * A service error (the same validation the API applies) is shown on that page.
 */
async function handleAction(request: HttpRequest, response: HttpResponse, ctx: PortalContext, subPath: string) {
  const form = new URLSearchParams((await readBody(request)).toString('utf8'))
  const refuse = (status: number, title: string, text: string) =>
    sendPortalError(response, ctx.deps.sso.redirects, status, title, text)
  if (!safeEqual(form.get('csrf') ?? '', ctx.session.csrf)) {
    refuse(403, 'Form refused', 'The form did not carry this session’s security token. Reload the page and try again.')
    return
  }
  for (const section of SECTIONS) {
    for (const action of section.actions) {
      const match = action.path.exec(subPath)
      if (!match) continue
      let location = ctx.base + action.back(match)
      try {
        location = (await action.run(ctx, match, form)) ?? location
      } catch (error) {
        if (!(error instanceof ConnectError)) throw error
        ctx.session.flash = {kind: 'error', text: error.rawMessage}
      }
      sendRedirect(response, location, 303)
      return
    }
  }
  refuse(404, 'Not found', 'The admin portal has no such form.')
}

async function overview(ctx: PortalContext): Promise<PortalPage> {
  const {organization} = ctx
  const blocks = await Promise.all(SECTIONS.map((section) => section.overview?.(ctx)))
  return {
    title: 'Organization',
    body: html`<dl id="organization">
        <dt>Name</dt>
        <dd>${organization.displayName}</dd>
        <dt>Organization ID</dt>
        <dd>${organization.id}</dd>
        <dt>External ID</dt>
        <dd>${organization.externalId ?? '—'}</dd>
      </dl>
      ${blocks}`,
  }
}
