import {createHash} from 'node:crypto'
import type {HttpResponse} from '../http/http-util.js'
import {html, renderPage, SafeHtml, sendHtml} from '../pages/html.js'
import type {RedirectRegistry} from '../sso/redirects.js'
import type {PortalContext, PortalPage, PortalSection} from './context.js'
import type {Flash} from './sessions.js'

const STYLE = `body{max-width:60rem}header{border-bottom:1px solid #d0d7de;margin-bottom:1rem}
.brand{color:#57606a;margin:0;font-size:.9rem}nav a{margin-right:1rem}nav a[aria-current]{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.35rem;border-bottom:1px solid #eaeef2}
.flash{padding:.6rem 1rem;border-radius:4px;margin:1rem 0}.ok{background:#dafbe1}.info{background:#ddf4ff}
.flash.error{background:#ffebe9}form.inline{display:inline-block;margin-right:.5rem}form.inline button{margin-top:.25rem}
textarea{width:100%;min-height:6rem;box-sizing:border-box;font-family:monospace}dt{font-weight:bold}dd{margin:0 0 .5rem}
footer{margin-top:2rem;color:#57606a;font-size:.85rem}.muted{color:#57606a}small{display:block}`

/**
 * Posts the session's pending UI events to the embedding page, then the session warning and expiry, like
 * Scalekit's embedded portal. The target origin is `*` because the portal cannot know which allowed origin
 * embeds it; frame-ancestors already limits embedding to the environment's redirect-URI origins.
 */
const SCRIPT = `(() => {
  if (window.parent === window) return
  const state = JSON.parse(document.getElementById('portal-state').textContent)
  const post = (event) => window.parent.postMessage(event, '*')
  state.events.forEach(post)
  const session = (type, message) => ({
    event_type: type,
    object: 'session',
    organization_id: state.organizationId,
    message,
    data: {expiry: state.expiry},
  })
  setTimeout(() => post(session('PORTAL_SESSION_WARNING', 'The admin portal session will expire in 5 minutes')),
    Math.max(0, state.expiresInMs - 5 * 60 * 1000))
  setTimeout(() => post(session('PORTAL_SESSION_EXPIRY', 'The admin portal session has expired')), state.expiresInMs)
})()`
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64')
// Built outside `html` templates, whose formatting could add whitespace that would change the hash.
const SCRIPT_ELEMENT = new SafeHtml(`<script>${SCRIPT}</script>`)
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost'])

/** Sends a portal page: the organization's header and navigation, the flash message, the page, the events. */
export function sendPortalPage(
  response: HttpResponse,
  ctx: PortalContext,
  sections: readonly PortalSection[],
  current: string,
  page: PortalPage,
): void {
  const {session, organization, base} = ctx
  const flash = session.flash
  const events = session.events
  session.flash = undefined
  session.events = []
  const now = ctx.deps.now()
  const state = {
    organizationId: organization.id,
    events,
    expiry: new Date(session.expiresAt).toISOString(),
    expiresInMs: Math.max(0, session.expiresAt - now),
  }
  const nav = [{path: '', label: 'Overview'}, ...sections.flatMap((section) => section.nav ?? [])].map(
    (entry) =>
      html`<a href="${base + entry.path}" ${entry.path === current ? html` aria-current="page"` : ''}
        >${entry.label}</a
      >`,
  )
  const body = html`<header>
      <p class="brand">Admin portal</p>
      <h1>${organization.displayName}</h1>
      <nav>${nav}</nav>
    </header>
    <main>
      ${flash ? renderFlash(flash) : ''}
      <h2>${page.title}</h2>
      ${page.body}
    </main>
    <footer>Session ends ${state.expiry}. The skctl emulator's stand-in for the Scalekit admin portal.</footer>
    ${dataScript(state)}${SCRIPT_ELEMENT}`
  sendHtml(
    response,
    page.status ?? 200,
    renderPage(`${page.title} — ${organization.displayName}`, body.value, STYLE),
    portalHeaders(ctx.deps.sso.redirects, true),
  )
}

/** A page outside any session (unknown, expired or used links), embeddable so an iframe shows it too. */
export function sendPortalError(
  response: HttpResponse,
  redirects: RedirectRegistry,
  status: number,
  title: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = html`<p class="brand">Admin portal</p>
    <h1>${title}</h1>
    <p class="error" role="alert">${text}</p>`
  sendHtml(response, status, renderPage(title, body.value, STYLE), {...portalHeaders(redirects, false), ...headers})
}

/** A form that posts to a portal path with the session's CSRF token. */
export function postForm(
  ctx: PortalContext,
  action: string,
  content: SafeHtml | string,
  button: string,
  options: {inline?: boolean; newTab?: boolean} = {},
): SafeHtml {
  return html`<form
    method="post"
    action="${ctx.base + action}"
    ${options.inline ? html` class="inline"` : ''}${options.newTab ? html` target="_blank"` : ''}
  >
    <input type="hidden" name="csrf" value="${ctx.session.csrf}" />
    ${content}
    <button type="submit">${button}</button>
  </form>`
}

export function textField(
  label: string,
  name: string,
  value = '',
  options: {type?: string; placeholder?: string; hint?: string} = {},
): SafeHtml {
  return html`<label for="${name}">${label}</label>
    <input
      id="${name}"
      name="${name}"
      type="${options.type ?? 'text'}"
      value="${value}"
      ${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}
      autocomplete="off"
    />${options.hint ? html`<small class="muted">${options.hint}</small>` : ''}`
}

export function selectField(label: string, name: string, options: ReadonlyArray<[string, string]>, selected = '') {
  return html`<label for="${name}">${label}</label>
    <select id="${name}" name="${name}">
      ${options.map(
        ([value, text]) => html`<option value="${value}" ${value === selected ? html` selected` : ''}>${text}</option>`,
      )}
    </select>`
}

function renderFlash(flash: Flash): SafeHtml {
  const lines = flash.lines?.length
    ? html`<ul>
        ${flash.lines.map((line) => html`<li>${line}</li>`)}
      </ul>`
    : ''
  const secret = flash.secret ? html`<p><code id="secret">${flash.secret}</code></p>` : ''
  return html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}" id="flash">
    <strong>${flash.text}</strong>${lines}${secret}
  </div>`
}

/**
 * Scalekit lets the origins of the environment's redirect URIs embed the portal. Loopback URIs count on any
 * port, as they do for redirects. CSP cannot name IPv6 literals, so `[::1]` pages cannot embed it.
 */
function frameAncestors(redirects: RedirectRegistry): string {
  const sources = new Set<string>()
  for (const uri of redirects.list()) {
    const url = URL.parse(uri)
    if (!url || url.hostname.startsWith('[')) continue
    const loopback = url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname)
    sources.add(loopback ? `http://${url.hostname}:*` : url.origin)
  }
  return sources.size > 0 ? [...sources].join(' ') : "'none'"
}

function portalHeaders(redirects: RedirectRegistry, withScript: boolean): Record<string, string> {
  const script = withScript ? `; script-src 'sha256-${SCRIPT_HASH}'` : ''
  return {
    'content-security-policy':
      `default-src 'none'; style-src 'unsafe-inline'${script}; form-action 'self'; base-uri 'none'; ` +
      `frame-ancestors ${frameAncestors(redirects)}`,
  }
}

/** The page's state as a JSON data block: `<` escaped so no value can close the element. */
function dataScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c')
  return new SafeHtml(`<script type="application/json" id="portal-state">${json}</script>`)
}
