import {createHash, randomBytes} from 'node:crypto'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/index.js'
import {sdk} from './support.js'

/** A loopback callback on some port: allowed through the default `http://127.0.0.1/callback`. */
export const CALLBACK = 'http://127.0.0.1:53682/callback'

export function pkce(): {verifier: string; challenge: string} {
  const verifier = randomBytes(32).toString('base64url')
  return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')}
}

export interface AuthorizeOptions {
  scopes?: string[]
  state?: string
  nonce?: string
  loginHint?: string
  domainHint?: string
  connectionId?: string
  organizationId?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  provider?: string
}

/** The SDK's own authorize URL, as an app would build it. */
export function authorizeUrl(url: string, options: AuthorizeOptions, redirectUri = CALLBACK): string {
  return sdk(url).getAuthorizationUrl(redirectUri, options)
}

/** One step of a browser: no redirects followed. */
export function get(url: string): Promise<Response> {
  return fetch(url, {redirect: 'manual'})
}

/** The `Location` of a 302, resolved against the request URL. */
export function location(response: Response, base: string): URL {
  if (response.status !== 302) throw new Error(`expected a redirect, got ${response.status}`)
  return new URL(response.headers.get('location')!, base)
}

/** Follows authorize to the IdP simulator and returns the simulator page's URL. */
export async function openSimulator(url: string, options: AuthorizeOptions, redirectUri = CALLBACK): Promise<URL> {
  const response = await get(authorizeUrl(url, options, redirectUri))
  const simulator = location(response, url)
  if (!simulator.pathname.startsWith('/sso/idp-simulator/')) throw new Error(`authorize went to ${simulator.href}`)
  return simulator
}

/** Posts the simulator form as a browser would. */
export function submit(simulator: URL, fields: Record<string, string>): Promise<Response> {
  return fetch(simulator, {method: 'POST', redirect: 'manual', body: new URLSearchParams(fields)})
}

export const USER = {
  scenario: 'sp',
  email: 'user@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  'attr.employee_number': 'E-1815',
}

/** authorize → simulator (sp) → callback: the code and state the app's callback receives. */
export async function signIn(
  url: string,
  options: AuthorizeOptions,
  fields: Record<string, string> = USER,
  redirectUri = CALLBACK,
): Promise<{code: string; state: string | null; callback: URL}> {
  const simulator = await openSimulator(url, options, redirectUri)
  const callback = location(await submit(simulator, fields), url)
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`no code in ${callback.href}`)
  return {code, state: callback.searchParams.get('state'), callback}
}

/** A raw authorization_code token request (client_secret_post unless other params say otherwise). */
export async function exchange(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      redirect_uri: CALLBACK,
      ...params,
    }),
  })
  return {status: response.status, body: (await response.json()) as Record<string, unknown>}
}

export function adminPost(url: string, path: string, body: unknown, authorization: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {authorization, 'content-type': 'application/json'},
    body: JSON.stringify(body),
  })
}

export function leftHalfSha256(value: string): string {
  const digest = createHash('sha256').update(value).digest()
  return digest.subarray(0, 16).toString('base64url')
}
