import type {HttpResponse} from '../http/http-util.js'
import {html, renderPage, type SafeHtml, sendHtml} from '../pages/html.js'
import {DASHBOARD_PREFIX, type DashboardPage, type DashboardSection} from './context.js'

const STYLE = `body{max-width:72rem;margin:1.5rem auto}header{border-bottom:1px solid #d0d7de;margin-bottom:1rem}
.brand{color:#57606a;margin:0;font-size:.9rem}nav a{margin-right:1rem}nav a[aria-current]{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.35rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.flash{padding:.6rem 1rem;border-radius:4px;margin:1rem 0;background:#dafbe1}form.inline{display:inline-block;margin:0 .5rem 0 0}
form.inline button,form.search button{margin-top:0}form.search input{width:24rem;display:inline-block}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:30rem;white-space:pre-wrap;word-break:break-all}
dt{font-weight:bold}dd{margin:0 0 .5rem}.muted{color:#57606a}.pager a{margin-right:1rem}.danger{color:#b42318}
.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;min-width:9rem}
.card strong{display:block;font-size:1.5rem}`

/**
 * No script at all: forms and links do everything, so the policy allows none. Forms post only to the emulator,
 * and nothing may frame the dashboard (its Reset button would be a clickjacking target).
 */
const HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
}

/** Flash messages a redirect may name (`?done=…`): fixed texts, so a crafted link cannot put words on the page. */
const FLASH: Record<string, string> = {
  redelivered: 'Redelivered: the new attempt is listed below.',
  gone: 'Cannot redeliver: the delivery or its endpoint is gone.',
  reset: 'The emulator was reset to its seed data.',
}

export function sendDashboardPage(
  response: HttpResponse,
  sections: readonly DashboardSection[],
  current: string,
  page: DashboardPage,
  done: string | null,
): void {
  const nav = [{path: '', label: 'Overview'}, ...sections.flatMap((section) => section.nav ?? [])].map(
    (entry) =>
      html`<a href="${DASHBOARD_PREFIX + entry.path}" ${entry.path === current ? html` aria-current="page"` : ''}
        >${entry.label}</a
      >`,
  )
  const flash = done && Object.hasOwn(FLASH, done) ? FLASH[done] : undefined
  const body = html`<header>
      <p class="brand">skctl emulator dashboard</p>
      <nav>${nav}</nav>
    </header>
    <main>
      ${flash ? html`<div class="flash" role="status" id="flash">${flash}</div>` : ''}
      <h1>${page.title}</h1>
      ${page.body}
    </main>`
  sendHtml(response, page.status ?? 200, renderPage(`${page.title} — skctl emulator`, body.value, STYLE), HEADERS)
}

/** A page outside the frame (sign-in needed, refused form). */
export function sendBarePage(
  response: HttpResponse,
  status: number,
  title: string,
  body: SafeHtml,
  headers: Record<string, string> = {},
): void {
  const content = html`<p class="brand">skctl emulator dashboard</p>
    <h1>${title}</h1>
    ${body}`
  sendHtml(response, status, renderPage(title, content.value, STYLE), {...HEADERS, ...headers})
}

/** A form posting to a dashboard path with the CSRF token. */
export function postButton(csrf: string, action: string, label: string, options: {danger?: boolean} = {}) {
  return html`<form method="post" action="${DASHBOARD_PREFIX + action}" class="inline">
    <input type="hidden" name="csrf" value="${csrf}" />
    <button type="submit" ${options.danger ? html` class="danger"` : ''}>${label}</button>
  </form>`
}

export function dashboardLink(path: string, text: string): SafeHtml {
  return html`<a href="${DASHBOARD_PREFIX + path}">${text}</a>`
}

/** A table with a header row; `rows` are already rendered cells. */
export function table(headers: string[], rows: SafeHtml[][], empty = 'None.'): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`
  return html`<table>
    <thead>
      <tr>
        ${headers.map((header) => html`<th>${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (cells) =>
          html`<tr>
            ${cells.map((cell) => html`<td>${cell}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`
}

export function time(epochMs: number | undefined): string {
  return epochMs === undefined ? '—' : new Date(epochMs).toISOString().replace(/\.\d+Z$/, 'Z')
}

/** Pretty JSON for a `<pre>`; text that is not JSON is shown as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2)
  } catch {
    return text
  }
}
