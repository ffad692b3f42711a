import {isLoopbackHost, withScheme} from '../config/url.js'
import type {JunitSuite} from './junit.js'

/** Which rule set applies: Scalekit's development environments allow what production refuses. */
export type RedirectKind = 'development' | 'production'

/** Stable ids: scripts and CI match on them. */
export type RedirectRule =
  | 'count'
  | 'fragment'
  | 'length'
  | 'localhost'
  | 'malformed'
  | 'not-registered'
  | 'query'
  | 'scheme'
  | 'wildcard-count'
  | 'wildcard-outermost'
  | 'wildcard-position'
  | 'wildcard-production'
  | 'wildcard-root'

export interface RedirectFinding {
  fix: string
  message: string
  rule: RedirectRule
}

export interface RedirectResult {
  findings: RedirectFinding[]
  ok: boolean
  /** Only with --probe, for http(s) URLs without a wildcard: whether the environment accepts it. */
  registered?: boolean
  url: string
}

export interface RedirectReport {
  /** Findings about the list as a whole (more URLs than an environment holds). */
  findings: RedirectFinding[]
  kind: RedirectKind
  ok: boolean
  results: RedirectResult[]
}

/** Documented limits: "up to 5 redirect URIs per environment", each at most 256 characters. */
export const MAX_REDIRECT_URLS = 5
export const MAX_REDIRECT_LENGTH = 256

export {isLoopbackHost} from '../config/url.js'

function parse(raw: string): URL | undefined {
  try {
    const url = new URL(raw)
    // `mailto:x` and `foo:bar` parse, but a redirect needs an authority (scheme://host).
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && url.host !== '' ? url : undefined
  } catch {
    return undefined
  }
}

/** Everything before the fragment, so a `?` inside a fragment is not taken for a query. */
const beforeFragment = (raw: string) => raw.split('#', 1)[0] ?? ''

function withoutQueryAndFragment(raw: string): string {
  return beforeFragment(raw).split('?', 1)[0] ?? raw
}

/** The wildcard rules of development environments; `url` parsed with the `*` still in it. */
function wildcardFindings(raw: string, url: URL | undefined): RedirectFinding[] {
  const stars = [...raw].filter((c) => c === '*').length
  if (stars > 1) {
    return [
      {
        fix: 'keep a single * in the outermost subdomain, e.g. https://*.acmecorp.com, and list other hosts separately',
        message: `has ${stars} wildcards; only one * is allowed`,
        rule: 'wildcard-count',
      },
    ]
  }
  const host = url?.hostname ?? ''
  if (!host.includes('*')) {
    return [
      {
        fix: 'put the * in the host name, e.g. https://*.acmecorp.com/callback, and spell out the path, port and scheme',
        message: 'has a wildcard outside the host name (scheme, port, path, query or fragment)',
        rule: 'wildcard-position',
      },
    ]
  }
  const labels = host.split('.')
  const at = labels.findIndex((l) => l.includes('*'))
  if (at > 0) {
    const fixed = ['*', ...labels.filter((_, i) => i !== at)].join('.')
    const port = url?.port ? `:${url.port}` : ''
    const path = url && (url.pathname !== '/' || raw.endsWith('/')) ? url.pathname : ''
    return [
      {
        fix: `move the * to the outermost subdomain, e.g. ${url?.protocol}//${fixed}${port}${path}`,
        message: `has the wildcard in "${labels[at]}", which is not the outermost (leftmost) subdomain`,
        rule: 'wildcard-outermost',
      },
    ]
  }
  // What follows the wildcard label must be a registrable domain (name + top level), not a bare top level.
  if (labels.length - 1 < 2) {
    return [
      {
        fix: 'put the wildcard under your own domain, e.g. https://*.acmecorp.com',
        message: 'has a wildcard at the root level, matching every domain under a top-level domain',
        rule: 'wildcard-root',
      },
    ]
  }
  return []
}

/** The findings for one URL under the rules of `kind` (Scalekit docs, "Redirect URL rules"). */
export function checkRedirectUrl(input: string, kind: RedirectKind): RedirectFinding[] {
  const raw = input.trim()
  const findings: RedirectFinding[] = []
  const hasStar = raw.includes('*')
  // A `*` where URL syntax forbids one (scheme, port) makes the URL unparseable; that is a wildcard mistake.
  const url = parse(raw)
  const starless = hasStar ? (parse(raw.replaceAll('*', 'x')) ?? parse(raw.replaceAll('*', '1'))) : undefined
  if (!url && !starless) {
    return [
      {
        fix: withScheme(raw)
          ? `add the scheme: ${withScheme(raw)}`
          : 'write an absolute URL with a scheme and host, e.g. https://app.acmecorp.com/auth/callback',
        message: 'is not a valid absolute URL',
        rule: 'malformed',
      },
    ]
  }

  const protocol = (url ?? starless)?.protocol ?? ''
  const rest = raw.replace(/^[a-z][a-z0-9+.-]*:/i, '')
  if (kind === 'production' && protocol !== 'https:') {
    findings.push({
      fix: `use https:${rest}`,
      message: `uses ${protocol.replace(':', '')}; production accepts https only`,
      rule: 'scheme',
    })
  } else if (protocol !== 'https:' && protocol !== 'http:') {
    findings.push({
      fix: `use ${url && isLoopbackHost(url.hostname) ? 'http' : 'https'}:${rest}`,
      message: `uses ${protocol.replace(':', '')}; redirect URLs are http or https`,
      rule: 'scheme',
    })
  }

  if (kind === 'production' && url && isLoopbackHost(url.hostname)) {
    findings.push({
      fix: 'register your public https URL here; keep localhost URLs in the development environment',
      message: `points at ${url.hostname}; production does not accept localhost or loopback addresses`,
      rule: 'localhost',
    })
  }

  if (hasStar) {
    if (kind === 'production') {
      findings.push({
        fix: 'list every URL explicitly; wildcards are allowed in development environments only',
        message: 'has a wildcard; production does not accept wildcards',
        rule: 'wildcard-production',
      })
    } else {
      findings.push(...wildcardFindings(raw, url))
    }
  }

  if (beforeFragment(raw).includes('?')) {
    findings.push({
      fix: `drop the query: ${withoutQueryAndFragment(raw)} (carry values in the state parameter instead)`,
      message: 'has a query string; redirect URLs must not have query parameters',
      rule: 'query',
    })
  }
  if (raw.includes('#')) {
    findings.push({
      fix: `drop the fragment: ${raw.split('#', 1)[0]}`,
      message: 'has a fragment; redirect URLs must not have one',
      rule: 'fragment',
    })
  }
  if (raw.length > MAX_REDIRECT_LENGTH) {
    findings.push({
      fix: `shorten it to ${MAX_REDIRECT_LENGTH} characters or fewer (a shorter path)`,
      message: `is ${raw.length} characters long; the limit is ${MAX_REDIRECT_LENGTH}`,
      rule: 'length',
    })
  }
  return findings
}

/** Checks every URL and the list as a whole. */
export function checkRedirectUrls(urls: string[], kind: RedirectKind): RedirectReport {
  const results = urls.map((input) => {
    const url = input.trim()
    const findings = checkRedirectUrl(url, kind)
    return {findings, ok: findings.length === 0, url}
  })
  const findings: RedirectFinding[] = []
  if (urls.length > MAX_REDIRECT_URLS) {
    findings.push({
      fix: `keep at most ${MAX_REDIRECT_URLS}: drop unused ones${kind === 'development' ? ' or cover subdomains with one wildcard URL' : ''}`,
      message: `${urls.length} URLs given; an environment holds at most ${MAX_REDIRECT_URLS} redirect URLs`,
      rule: 'count',
    })
  }
  return finishReport({findings, kind, ok: true, results})
}

/** Recomputes `ok` after findings were added (a probe adds `not-registered`). */
export function finishReport(report: RedirectReport): RedirectReport {
  for (const result of report.results) result.ok = result.findings.length === 0
  report.ok = report.findings.length === 0 && report.results.every((r) => r.ok)
  return report
}

/** Only plain http(s) URLs can be asked about: a wildcard is not a URL a browser could be sent to. */
export function isProbeable(url: string): boolean {
  const parsed = parse(url)
  return Boolean(parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !url.includes('*'))
}

/** `url` is the refused URL; on the local emulator the fix is its own command, not the dashboard. */
export function notRegisteredFinding(url: string, emulator = false): RedirectFinding {
  return {
    fix: emulator
      ? `register it with the emulator: skctl emulator redirects add ${url}`
      : 'add it to the redirect URLs of this environment in the Scalekit dashboard (Settings → Redirects)',
    message: 'is not a registered redirect URL of this environment (the authorize endpoint refused it)',
    rule: 'not-registered',
  }
}

/**
 * Redirect URLs from a file: one a line; blank lines and `#` comment lines are skipped. (A `#` inside a URL is
 * a fragment, which the rules report, so only a line starting with `#` is a comment.)
 */
export function parseRedirectList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/** One JUnit test case per URL with a failure per finding; list findings as one more case. */
export function redirectsJunit(report: RedirectReport): JunitSuite[] {
  const failure = (f: RedirectFinding) => ({detail: `Fix: ${f.fix}`, message: `[${f.rule}] ${f.message}`})
  const cases = report.results.map((r) => ({
    classname: `redirects.${report.kind}`,
    failure: r.findings.map(failure),
    name: r.url,
  }))
  if (report.findings.length > 0) {
    cases.push({
      classname: `redirects.${report.kind}`,
      failure: report.findings.map(failure),
      name: 'redirect URL list',
    })
  }
  return [{cases, name: `skctl redirects check (${report.kind})`}]
}
