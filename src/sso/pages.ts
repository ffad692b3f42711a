const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({'"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;'})[c] ?? c)

/**
 * The page the browser shows after the callback: self-contained (no third-party resources, so nothing leaks through
 * Referer), every value escaped — error descriptions come from the IdP.
 */
export function resultPage(ok: boolean, title: string, message: string): string {
  const colour = ok ? '#16794a' : '#b42318'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<title>skctl — ${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}h1{color:${colour}}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(message)}</p><p>You can close this tab and return to the terminal.</p></body></html>
`
}
