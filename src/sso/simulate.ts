import {CliError} from '../errors.js'
import {StageFailure} from './stages.js'

export interface SimulatedUser {
  attributes: Record<string, string>
  email: string
  firstName?: string
  lastName?: string
}

const MAX_HOPS = 20

/**
 * Plays the browser against the emulator's IdP simulator over plain HTTP: follows redirects, fills the simulator's
 * form (the requested scenario first; an IdP-initiated restart then signs in normally) and ends when a page is
 * served — the loopback's result page, normally.
 */
export async function driveSimulator(
  startUrl: string,
  scenario: string,
  user: SimulatedUser,
  callbackUrl: string,
): Promise<void> {
  let url = new URL(startUrl)
  let next = scenario
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const res = await fetch(url, {redirect: 'manual'})
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url)
      continue
    }
    const body = await res.text()
    // Reaching our own callback (its result page) is the end of the browser's part.
    if (url.href.startsWith(callbackUrl)) return
    const action = /<form[^>]*method="post"[^>]*action="([^"]*\/sso\/idp-simulator\/[^"]*)"/i.exec(body)?.[1]
    if (!action) {
      // Stuck on a page that is neither the simulator nor the callback: an error the environment shows, never
      // redirects (an unregistered redirect URI, say).
      const code = /<code id="error">([^<]*)<\/code>/.exec(body)?.[1] ?? `http_${res.status}`
      throw new StageFailure(
        code,
        `the environment stopped at ${url.origin}${url.pathname} with HTTP ${res.status} (${code})`,
      )
    }
    const form = new URLSearchParams({email: user.email, scenario: next})
    if (user.firstName) form.set('first_name', user.firstName)
    if (user.lastName) form.set('last_name', user.lastName)
    for (const [name, value] of Object.entries(user.attributes)) form.set(`attr.${name}`, value)
    if (next === 'error') form.set('error', 'access_denied')
    next = 'sp'
    const posted = await fetch(new URL(action.replaceAll('&amp;', '&'), url), {
      body: form,
      method: 'POST',
      redirect: 'manual',
    })
    const target = posted.headers.get('location')
    if (!target)
      throw new CliError('check_failed', `the IdP simulator answered HTTP ${posted.status} without a redirect`)
    url = new URL(target, url)
  }
  throw new CliError('check_failed', `gave up after ${MAX_HOPS} redirects`)
}

/** `--simulate email=…,first_name=…,last_name=…,employee_number=42` → a user; other keys are custom attributes. */
export function parseSimulate(value: string): SimulatedUser {
  const fields: Record<string, string> = {}
  for (const part of value.split(',')) {
    const at = part.indexOf('=')
    if (at <= 0)
      throw new CliError('usage', `--simulate "${part}" is not key=value`, {hint: '--simulate email=jane@example.com'})
    fields[part.slice(0, at).trim()] = part.slice(at + 1).trim()
  }
  const {email, first_name: firstName, last_name: lastName, ...attributes} = fields
  if (!email) throw new CliError('usage', '--simulate needs email=…', {hint: '--simulate email=jane@example.com'})
  return {attributes, email, firstName, lastName}
}
