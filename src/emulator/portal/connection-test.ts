import {randomBytes} from 'node:crypto'
import {
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {jwtVerify} from 'jose'
import {SIMULATOR_PATH} from '../sso/authorize.js'
import {
  finishConnectionTest,
  startConnectionTest,
  type TestOutcome as ConnectionTestOutcome,
} from '../services/connection-tests.js'
import type {ConnectionRecord} from '../store/records.js'
import type {PortalContext} from './context.js'
import type {Flash} from './sessions.js'

/** Where the IdP simulator sends the browser back after a Test connection run. */
export const TEST_RESULT_PATH = '/sso/test-result'
const PROBE_TIMEOUT_MS = 5000

export interface TestOutcome {
  connectionId: string
  /** The test request (`test_…`) GetConnectionTestResult answers for. */
  testId: string
  passed: boolean
  summary: string
  details: Array<[string, string]>
}

/**
 * Starts a Test connection run against the IdP simulator: a login request as `/oauth/authorize` would make for
 * this connection, returning to the portal's result page rather than to an application. The portal is part of
 * the environment, so no client redirect URI is involved. Returns where to send the browser.
 */
export function startSimulatorTest(ctx: PortalContext, connection: ConnectionRecord): string {
  const state = randomBytes(16).toString('base64url')
  const testId = startConnectionTest(ctx.deps.store, connection)
  ctx.session.tests.set(state, {connectionId: connection.id, testId})
  const loginRequest = ctx.deps.sso.loginRequests.create({
    clientId: ctx.deps.sso.client.clientId,
    redirectUri: testResultUri(ctx),
    scope: 'openid email profile',
    state,
    organizationId: connection.organizationId,
    connectionId: connection.id,
  })
  return `${SIMULATOR_PATH}${loginRequest.id}`
}

/** Reads what the simulator sent back: a code, an error, or an IdP-initiated login token. Each run is shown once. */
export async function finishSimulatorTest(
  ctx: PortalContext,
  query: URLSearchParams,
): Promise<TestOutcome | undefined> {
  const token = query.get('idp_initiated_login')
  const claims = token ? await verifyIdpInitiated(ctx, token) : undefined
  const state = query.get('state') ?? (typeof claims?.relay_state === 'string' ? claims.relay_state : undefined)
  const run = state === undefined ? undefined : ctx.session.tests.get(state)
  if (state === undefined || run === undefined) return undefined
  ctx.session.tests.delete(state)
  const {connectionId, testId} = run
  const heading: Array<[string, string]> = [
    ['Connection', connectionId],
    ['Test request', testId],
  ]
  // What the page shows, and what GetConnectionTestResult answers from now on.
  const outcome = (result: ConnectionTestOutcome, summary: string, details: Array<[string, string]>): TestOutcome => {
    finishConnectionTest(ctx.deps.store, connectionId, testId, result)
    return {connectionId, testId, passed: result.passed, summary, details: [...heading, ...details]}
  }
  const failed = (error: string, errorDescription: string) => ({passed: false as const, error, errorDescription})

  const error = query.get('error')
  if (error) {
    const description = query.get('error_description') ?? ''
    return outcome(failed(error, description), `The identity provider answered ${error}`, [
      ['Error', error],
      ['Description', description],
    ])
  }
  if (claims) {
    const loginHint = String(claims.login_hint ?? '')
    return outcome(
      {passed: true, userInfo: {login_hint: loginHint}},
      'IdP-initiated sign-in works: the IdP sent a signed login token',
      [['Login hint', loginHint]],
    )
  }
  const grant = ctx.deps.sso.codes.take(query.get('code') ?? '')
  if (!grant || grant.request.connectionId !== connectionId || grant.request.redirectUri !== testResultUri(ctx)) {
    const summary = 'The sign-in did not complete: its code is unknown or expired'
    return outcome(failed('invalid_grant', summary), summary, [])
  }
  const {user} = grant
  const userInfo = {
    email: user.email,
    given_name: user.givenName,
    family_name: user.familyName,
    ...user.customAttributes,
  }
  return outcome({passed: true, userInfo}, `Signed in as ${user.email}`, [
    ['Email', user.email],
    ['First name', user.givenName],
    ['Last name', user.familyName],
    ...Object.entries(user.customAttributes),
  ])
}

/**
 * Test connection for OIDC and SAML: the emulator signs in only through its IdP simulator, so it says so and
 * checks what it can — whether the settings are complete and whether the IdP's published URL answers.
 */
export async function probeIdp(ctx: PortalContext, connection: ConnectionRecord): Promise<Flash> {
  const testId = startConnectionTest(ctx.deps.store, connection)
  const flash = await probeSettings(connection)
  const passed = flash.kind !== 'error'
  finishConnectionTest(
    ctx.deps.store,
    connection.id,
    testId,
    passed
      ? {passed, userInfo: {}}
      : {passed, error: 'idp_not_reachable', errorDescription: (flash.lines ?? []).slice(1).join(' ')},
  )
  return {...flash, lines: [...(flash.lines ?? []), `Test request: ${testId}`]}
}

async function probeSettings(connection: ConnectionRecord): Promise<Flash> {
  const lines = ['The emulator signs users in only through its IdP simulator, never through a real IdP.']
  lines.push(
    connection.status === ConnectionStatus.COMPLETED
      ? 'Settings: complete.'
      : 'Settings: incomplete — fill in every field of the form above.',
  )
  const target = probeTarget(connection)
  if (!target) {
    lines.push('Nothing to reach yet: enter the IdP’s URL first.')
    return {kind: 'error', text: 'Test connection: not run', lines}
  }
  const reached = await probe(target.url, target.expect)
  lines.push(`${target.what} ${target.url}: ${reached.text}`)
  return {
    kind: reached.ok ? 'info' : 'error',
    text: `Test connection: ${reached.ok ? 'IdP reachable' : 'IdP not reachable'}`,
    lines,
  }
}

function testResultUri(ctx: PortalContext): string {
  return `${ctx.origin}${ctx.base}${TEST_RESULT_PATH}`
}

async function verifyIdpInitiated(ctx: PortalContext, token: string) {
  try {
    const {payload} = await jwtVerify(token, ctx.deps.sso.key.publicKey, {
      issuer: ctx.origin,
      audience: ctx.deps.sso.client.clientId,
    })
    return payload
  } catch {
    return undefined
  }
}

interface ProbeTarget {
  what: string
  url: string
  /** A text the answer must contain to count as the right document. */
  expect?: string
}

function probeTarget(connection: ConnectionRecord): ProbeTarget | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined)
  if (connection.type === ConnectionType.OIDC) {
    const config = connection.oidcConfig ?? {}
    const discovery = text(config.discoveryEndpoint)
    const issuer = text(config.issuer)
    const url = discovery ?? (issuer && `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
    return url ? {what: 'Discovery document', url, expect: '"authorization_endpoint"'} : undefined
  }
  const config = connection.samlConfig ?? {}
  const metadata = text(config.idpMetadataUrl)
  if (metadata) return {what: 'IdP metadata', url: metadata, expect: 'EntityDescriptor'}
  const signIn = text(config.idpSsoUrl)
  return signIn ? {what: 'IdP sign-in URL', url: signIn} : undefined
}

async function probe(url: string, expect?: string): Promise<{ok: boolean; text: string}> {
  try {
    const response = await fetch(url, {redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)})
    if (!expect) return {ok: true, text: `answered HTTP ${response.status}`}
    const body = await response.text()
    if (!response.ok || !body.includes(expect)) {
      return {ok: false, text: `answered HTTP ${response.status} without the expected document`}
    }
    return {ok: true, text: 'found'}
  } catch (error) {
    const cause = (error as {cause?: {code?: string; message?: string}}).cause
    return {ok: false, text: `could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`}
  }
}
