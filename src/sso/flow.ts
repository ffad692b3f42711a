import {createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify} from 'jose'

import type {Api} from '../api/client.js'
import {authorizationUrl, exchangeCode} from '../api/sso.js'
import {CliError, ExitCode} from '../errors.js'
import {count as countOf} from '../output/plural.js'
import {validateAccessToken, validateIdToken} from './id-token.js'
import {type CallbackAnswer, Loopback} from './loopback.js'
import {challengeFor, createVerifier, randomToken} from './pkce.js'
import {StageFailure, StageLog, type StageResult, STAGES} from './stages.js'

export type Scenario = 'error' | 'idp' | 'sp'

export interface Selectors {
  connectionId?: string
  domain?: string
  loginHint?: string
  organizationId?: string
}

export interface Expectations {
  claims: Record<string, string>
  connection?: string
  email?: string
  organization?: string
}

export interface FlowOptions {
  api: Api
  /** Opens (or, headless, plays) the authorization URL in a browser that ends at `callbackUrl`. */
  browse: (url: string, scenario: Scenario, callbackUrl: string) => Promise<void>
  clientId: string
  environmentUrl: string
  expect: Expectations
  leewaySeconds: number
  /** Where the callback listens: a loopback redirect URI, split up. */
  loopback: {host: string; path: string; port: number}
  selectors: Selectors
  timeoutMs: number
}

export interface ScenarioReport {
  claims?: JWTPayload
  ok: boolean
  scenario: Scenario
  stages: StageResult[]
  tokens?: {accessToken: string; idToken: string}
}

/**
 * Scalekit's integration errors about choosing the connection (sso-integration-errors): the environment sends them
 * to the callback itself, before any IdP is involved — the organization has no usable connection, say.
 */
const NO_IDP_ERRORS = new Set([
  'connection_not_active',
  'domain_not_found',
  'invalid_connection_id',
  'invalid_connection_selector',
  'invalid_organization_id',
  'invalid_redirect_uri',
  'invalid_user_domain',
  'no_active_connections',
  'no_configured_connections',
])

/** One PKCE + state + nonce set; an IdP-initiated restart gets a fresh one. */
function attempt() {
  const verifier = createVerifier()
  return {challenge: challengeFor(verifier), nonce: randomToken(), state: randomToken(), verifier}
}

async function discover(environmentUrl: string): Promise<{detail: string; value: JWTVerifyGetKey}> {
  const res = await fetch(`${environmentUrl}/.well-known/openid-configuration`, {signal: AbortSignal.timeout(10_000)})
  if (!res.ok) throw new StageFailure('discovery', `openid-configuration answered HTTP ${res.status}`)
  const config = (await res.json()) as {issuer?: string; jwks_uri?: string}
  if (config.issuer !== environmentUrl) {
    throw new StageFailure('iss', `the discovery issuer ${config.issuer} is not ${environmentUrl}`)
  }
  if (!config.jwks_uri) throw new StageFailure('discovery', 'openid-configuration has no jwks_uri')
  const keys = createRemoteJWKSet(new URL(config.jwks_uri), {
    // A token under a kid the JWKS does not hold makes jose fetch the JWKS again once before rejecting it — also
    // right after a fetch, which its default 30 s cooldown would refuse: a signing-key rotation between this
    // fetch and the token must pass (OpenID conformance rp-key-rotation-op-sign-key).
    cooldownDuration: 0,
  })
  await keys.reload().catch((error: Error) => {
    throw new StageFailure('discovery', `the JWKS at ${config.jwks_uri} cannot be read: ${error.message}`)
  })
  const count = keys.jwks()?.keys.length ?? 0
  if (count === 0) throw new StageFailure('discovery', `the JWKS at ${config.jwks_uri} publishes no key`)
  return {detail: `issuer ${config.issuer}; ${count} ${count === 1 ? 'key' : 'keys'} in the JWKS`, value: keys}
}

/**
 * Runs one scenario end to end — authorize → IdP → loopback callback → code exchange → ID-token and access-token
 * validation → assertions — recording every stage. The loopback server is closed on every path.
 */
export async function runScenario(scenario: Scenario, options: FlowOptions): Promise<ScenarioReport> {
  const log = new StageLog()
  let current = attempt()
  let loopback: Loopback | undefined
  let tokens: ScenarioReport['tokens']
  let claims: JWTPayload | undefined
  // Set by the callback handler, which answers the browser whatever happens: an error that is not a check result.
  let fatal: CliError | undefined
  // Set when the environment answered the authorization request itself, before any IdP was involved.
  let idpNotReached: StageFailure | undefined
  try {
    const keys = await log.run('discovery', () => discover(options.environmentUrl))
    let settle: (answer: CallbackAnswer) => void = () => {}
    const finished = new Promise<CallbackAnswer>((resolve) => {
      settle = resolve
    })
    const issuer = options.environmentUrl
    const authorize = async (selectors: Selectors) =>
      authorizationUrl(options.api, {
        ...selectors,
        codeChallenge: current.challenge,
        nonce: current.nonce,
        redirectUri: (loopback as Loopback).redirectUri,
        state: current.state,
      })

    const handle = async (params: URLSearchParams): Promise<CallbackAnswer> => {
      const idpLogin = params.get('idp_initiated_login')
      if (idpLogin) {
        // Scalekit's advice: never trust an IdP-initiated assertion; restart as SP-initiated with its hints.
        const {payload} = await jwtVerify(idpLogin, keys, {issuer}).catch((error: Error) => {
          throw new StageFailure('idp_initiated_login', `the idp_initiated_login token is invalid: ${error.message}`)
        })
        current = attempt()
        const location = await authorize({
          connectionId: payload.connection_id as string | undefined,
          loginHint: payload.login_hint as string | undefined,
          organizationId: payload.organization_id as string | undefined,
        })
        return {location, type: 'redirect'}
      }
      const answer = await complete(params)
      settle(answer)
      return answer
    }

    const complete = async (params: URLSearchParams): Promise<CallbackAnswer> => {
      const error = params.get('error')
      if (error && NO_IDP_ERRORS.has(error) && params.get('state') === current.state) {
        const description = params.get('error_description') || error
        idpNotReached = new StageFailure(
          error,
          `no IdP was reached: the environment answered ${error} (${description})`,
        )
        return {message: idpNotReached.message, ok: false, title: 'SSO check failed', type: 'page'}
      }
      try {
        const code = await log.run('callback/state', async () => {
          if (params.get('state') !== current.state) {
            throw new StageFailure(
              'state',
              'the callback state does not match the one sent (possible CSRF); no token was requested',
            )
          }
          const error = params.get('error')
          if (error) {
            const description = params.get('error_description') ?? ''
            if (scenario === 'error')
              return {detail: `the expected error arrived: ${error} ${description}`.trim(), value: undefined}
            throw new StageFailure(error, `the IdP answered ${error}: ${description}`)
          }
          const received = params.get('code')
          if (!received) throw new StageFailure('code', 'the callback has neither a code nor an error')
          if (scenario === 'error') throw new StageFailure('error', 'expected an error, but a code arrived')
          return {detail: 'state matches; code received', value: received}
        })
        if (code === undefined)
          return {
            message: 'The error scenario returned the expected error.',
            ok: true,
            title: 'Check passed',
            type: 'page',
          }
        const exchanged = await log.run('code exchange', async () => ({
          detail: 'tokens received with the PKCE verifier',
          value: await exchangeCode(options.api, code, (loopback as Loopback).redirectUri, current.verifier),
        }))
        tokens = {accessToken: exchanged.accessToken, idToken: exchanged.idToken}
        claims = await log.run('ID token', async () => ({
          detail: 'signature, iss, sub, aud, azp, exp, iat, nonce, at_hash and c_hash verified',
          value: await validateIdToken(exchanged.idToken, keys, {
            accessToken: exchanged.accessToken,
            clientId: options.clientId,
            code,
            issuer,
            leeway: options.leewaySeconds,
            nonce: current.nonce,
          }),
        }))
        await log.run('access token', async () => ({
          detail: 'signature, iss and exp verified',
          value: await validateAccessToken(exchanged.accessToken, keys, {issuer, leeway: options.leewaySeconds}),
        }))
        await log.run('assertions', async () => ({
          detail: checkExpectations(claims as JWTPayload, options.expect),
          value: undefined,
        }))
        return {message: `Signed in as ${claims.email ?? claims.sub}.`, ok: true, title: 'SSO works', type: 'page'}
      } catch (error) {
        if (isFatal(error)) fatal = error
        return {message: (error as Error).message, ok: false, title: 'SSO check failed', type: 'page'}
      }
    }

    loopback = await Loopback.start({handle, ...options.loopback})
    const url = await log.run('authorization request', async () => ({
      detail: 'PKCE S256, 256-bit state and nonce',
      value: await authorize(options.selectors),
    }))
    await log.run('IdP', async () => {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StageFailure('timeout', `no callback within ${Math.round(options.timeoutMs / 1000)} s`)),
          options.timeoutMs,
        )
      })
      const browsing = options.browse(url, scenario, (loopback as Loopback).redirectUri)
      await Promise.race([finished, timeout, browsing.then(() => finished)]).finally(() => clearTimeout(timer))
      if (fatal) throw fatal
      if (idpNotReached) throw idpNotReached
      return {
        detail: scenario === 'idp' ? 'IdP-initiated login restarted as SP-initiated' : 'the IdP redirected back',
        value: undefined,
      }
    })
  } catch (error) {
    // A failing stage is recorded in the log and reported; an error that says nothing about SSO (the loopback port
    // taken, the client credentials rejected) ends the command with its own message and exit code instead.
    if (isFatal(error)) throw error
  } finally {
    await loopback?.close()
  }
  const ok = log.ok && log.results.some((r) => r.name === 'callback/state')
  return {claims, ok, scenario, stages: reorder(log.results), tokens}
}

function isFatal(error: unknown): error is CliError {
  return error instanceof CliError && (error.exit === ExitCode.usage || error.exit === ExitCode.auth)
}

/** Stages run in completion order (the callback finishes before the IdP wait); report them in flow order. */
function reorder(results: StageResult[]): StageResult[] {
  return [...results].sort((a, b) => STAGES.indexOf(a.name) - STAGES.indexOf(b.name))
}

export function checkExpectations(claims: JWTPayload, expect: Expectations): string {
  const failures: string[] = []
  const check = (label: string, actual: unknown, wanted: string | undefined) => {
    if (wanted !== undefined && String(actual) !== wanted)
      failures.push(`${label} is ${String(actual)}, expected ${wanted}`)
  }
  check('email', claims.email, expect.email)
  check('organization (oid)', claims.oid, expect.organization)
  const amr = Array.isArray(claims.amr) ? claims.amr : []
  if (
    expect.connection !== undefined &&
    !amr.includes(expect.connection) &&
    !String(claims.sub).startsWith(`${expect.connection};`)
  ) {
    failures.push(`connection is ${amr.join(', ') || 'unknown'}, expected ${expect.connection}`)
  }
  for (const [name, wanted] of Object.entries(expect.claims)) check(`claim ${name}`, claims[name], wanted)
  if (failures.length > 0) throw new StageFailure('assertion', failures.join('; '))
  const count =
    Object.keys(expect.claims).length + [expect.email, expect.organization, expect.connection].filter(Boolean).length
  return count ? `${countOf(count, 'expectation')} met` : 'no expectations given'
}
