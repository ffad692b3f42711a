import {type HttpResponse, send} from '../http/http-util.js'
import type {Store} from '../store/store.js'

/** Self-contained pages: no external assets, and nothing the page did not ship may run. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  // The link is a bearer credential: do not leak it to other sites through Referer.
  'referrer-policy': 'no-referrer',
}

/**
 * `GET /magicLink/<token>`: the emulator's stand-in for the Scalekit admin portal. An API-generated link must be
 * opened before it expires; the first visit activates it and it keeps working afterwards.
 */
export function servePortalPage(response: HttpResponse, store: Store, token: string, now = Date.now()): void {
  const link = store.portalLinks.getBy('token', token)
  const organization = link && store.organizations.get(link.organizationId)
  if (!link || !organization) {
    sendPage(response, 404, 'Link not found', 'This admin portal link does not exist or has been deleted.')
    return
  }
  if (link.activateTime === undefined) {
    if (now > link.expireTime) {
      sendPage(
        response,
        410,
        'Link expired',
        'This admin portal link expired before it was opened. Generate a new one.',
      )
      return
    }
    store.portalLinks.put({...link, activateTime: now})
  }
  sendPage(
    response,
    200,
    `Admin portal — ${organization.displayName}`,
    `Organization ${organization.id}. This is the skctl emulator's stand-in for the Scalekit admin portal, where ` +
      "the customer's IT admin configures SSO and directory sync.",
  )
}

function sendPage(response: HttpResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
</body>
</html>
`
  send(response, status, 'text/html; charset=utf-8', html, PAGE_HEADERS)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
