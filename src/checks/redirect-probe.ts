import type {Api} from '../api/client.js'
import {listOrganizations} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {isEmulator} from '../emulator-control/admin-client.js'
import {CliError} from '../errors.js'
import {finishReport, isProbeable, notRegisteredFinding, type RedirectReport} from './redirects.js'

/** What the environment's authorize endpoint said about one redirect URI. */
export type ProbeAnswer = 'registered' | 'not-registered' | 'unknown'

/**
 * Asks `/oauth/authorize` whether it accepts `redirectUri`, without following any redirect: an authorization
 * server checks the redirect URI before anything else and answers an unregistered one with an error page
 * (`invalid_redirect_uri`), never a redirect to it; a redirect (to the IdP or back to the URI) means it matched.
 */
export async function probeRedirectUri(
  target: {clientId: string; environmentUrl: string; organizationId: string},
  redirectUri: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ProbeAnswer> {
  const url = new URL(`${target.environmentUrl}/oauth/authorize`)
  url.search = new URLSearchParams({
    client_id: target.clientId,
    organization_id: target.organizationId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
  }).toString()
  let res: Response
  let body: string
  try {
    res = await fetchImpl(url, {redirect: 'manual', signal: AbortSignal.timeout(15_000)})
    body = await res.text()
  } catch (error) {
    throw new CliError('unreachable', `cannot reach ${url.origin}${url.pathname}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check the environment URL (skctl status), or run without --probe',
    })
  }
  if (res.status >= 300 && res.status < 400) return 'registered'
  if (res.status === 400 && body.includes('invalid_redirect_uri')) return 'not-registered'
  return 'unknown'
}

/**
 * Probes every URL that can be probed and adds a `not-registered` finding to those the environment refuses.
 * Returns the URLs whose answer was neither (the caller warns about them).
 */
export async function probeReport(api: Api, report: RedirectReport): Promise<string[]> {
  const {clientId, environmentUrl} = api.credentials
  // Scalekit needs a connection selector on authorize; any organization will do to reach the redirect check.
  const organizationId = (await collect(listOrganizations(api, 1))).items[0]?.id ?? ''
  const emulator = await isEmulator(environmentUrl)
  const unknown: string[] = []
  for (const result of report.results) {
    if (!isProbeable(result.url)) continue
    const answer = await probeRedirectUri({clientId, environmentUrl, organizationId}, result.url)
    if (answer === 'unknown') {
      unknown.push(result.url)
      continue
    }
    result.registered = answer === 'registered'
    if (!result.registered) result.findings.push(notRegisteredFinding(result.url, emulator))
  }
  finishReport(report)
  return unknown
}
