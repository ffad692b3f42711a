import {type HttpResponse, send} from '../http/http-util.js'

/**
 * Self-contained pages: no external assets, and nothing the page did not ship may run. `form-action` is left
 * out on purpose: browsers apply it to the redirect after a form post, which would block the IdP simulator's
 * redirect to the app's callback.
 */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  // Links and forms carry bearer capabilities (portal tokens, login request ids): keep them out of Referer.
  'referrer-policy': 'no-referrer',
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
label{display:block;margin:.75rem 0 .25rem}input,select{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.5rem}.error{color:#b42318}code{background:#f3f4f6;padding:0 .2rem}
fieldset{margin-top:1rem}`

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** Markup that is already safe: `html` inserts it as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value
  }
}

/**
 * A template whose interpolations are escaped unless they are SafeHtml (another `html` result): escaping is the
 * default, so a forgotten call cannot inject markup. Arrays are joined; undefined, null and false render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += interpolate(value) + (strings[index + 1] ?? '')
  })
  return new SafeHtml(out)
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(interpolate).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}

/** A whole page; `title` is text, `bodyHtml` must already be escaped, `style` is extra CSS. */
export function renderPage(title: string, bodyHtml: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${style}</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`
}

/** `headers` adds to or replaces the page headers (a page that runs a script brings its own CSP). */
export function sendHtml(response: HttpResponse, status: number, page: string, headers: Record<string, string> = {}) {
  send(response, status, 'text/html; charset=utf-8', page, {...PAGE_HEADERS, ...headers})
}

/** A page with a heading and one paragraph of text. */
export function sendTextPage(response: HttpResponse, status: number, title: string, text: string): void {
  sendHtml(response, status, renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`))
}

/** An error page naming the OAuth error code, for errors that must not be redirected to the client. */
export function sendErrorPage(response: HttpResponse, status: number, code: string, description: string): void {
  sendHtml(
    response,
    status,
    renderPage(
      `Error: ${code}`,
      `<h1>Sign-in error</h1>\n<p class="error">Error <code id="error">${escapeHtml(code)}</code></p>\n` +
        `<p id="error_description">${escapeHtml(description)}</p>`,
    ),
  )
}
