import {Api} from '../api/client.js'
import {mintToken, reportValue, type ValueReport} from '../config/credential-report.js'
import {requireCredentials, type ResolvedCredentials, type Sourced} from '../config/credentials.js'
import type {Keychain} from '../config/keychain.js'
import {environmentKind} from '../config/url.js'
import {health} from '../emulator-control/runtime.js'
import type {CliError} from '../errors.js'
import {mask} from '../redact.js'
import {checkClock, checkConfigModes, checkKeychain, checkNode} from './doctor-checks.js'
import {checkConnections, selectOrganizations} from './connections.js'
import type {JunitSuite} from './junit.js'
import {checkRedirectUrls, type RedirectKind} from './redirects.js'

/** Stable ids: scripts and CI match on them. */
export type DoctorCheck =
  | 'client-id'
  | 'client-secret'
  | 'clock'
  | 'config-modes'
  | 'connections'
  | 'credentials'
  | 'emulator'
  | 'environment-url'
  | 'keychain'
  | 'node'
  | 'redirects'
  | 'token'

/** ok ✓, fail ✗ (exit 6), warn ! (exit 0), skip – (does not apply here, or needs a row that failed). */
export type DoctorStatus = 'fail' | 'ok' | 'skip' | 'warn'

export interface DoctorRow {
  check: DoctorCheck
  detail: string
  /** How to fix a failure or a warning. */
  fix?: string
  status: DoctorStatus
}

export interface DoctorReport {
  failures: number
  ok: boolean
  rows: DoctorRow[]
  warnings: number
}

export interface DoctorInput {
  configDir: string
  env: NodeJS.ProcessEnv
  keychain: Keychain
  nodeVersion: string
  /** Organizations for the connections summary; empty for every organization. */
  organizations: string[]
  /** Redirect URLs to lint (from --redirect-uri and --redirects-file); none skips the row. */
  redirectUris: string[]
  /** Resolves credentials (flags > environment > profile); it may throw for a missing profile or a bad URL. */
  resolve: () => Promise<ResolvedCredentials>
  /** Where a profile keeps its secret. */
  secretStorage: (profile: string) => Promise<'file' | 'keychain' | undefined>
}

const SETUP_HINT = 'skctl login, or set SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET'

/** Runs every check; a check that cannot run because an earlier one failed is skipped, not failed twice. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  // Before anything opens the profile store: opening it tightens the modes and would hide what was found.
  const rows: DoctorRow[] = [checkNode(input.nodeVersion), checkConfigModes(input.configDir)]
  let resolved: ResolvedCredentials | undefined
  try {
    resolved = await input.resolve()
  } catch (error) {
    const failure = error as CliError
    rows.push({check: 'credentials', detail: failure.message, fix: failure.hint ?? SETUP_HINT, status: 'fail'})
  }
  if (resolved) rows.push(...(await credentialRows(resolved, input)))
  const url = resolved?.environmentUrl?.value
  const complete = Boolean(resolved?.environmentUrl && resolved.clientId && resolved.clientSecret)
  const token = complete && resolved ? await mintToken(resolved) : undefined
  rows.push(tokenRow(token))

  const [clock, keychain, emulator] = await Promise.all([
    url ? checkClock(url) : Promise.resolve(needs('clock', 'an environment URL')),
    checkKeychain(input.keychain, input.env),
    emulatorRow(url),
  ])
  rows.push(clock, keychain, emulator, redirectsRow(input.redirectUris, url))
  rows.push(
    resolved && token?.ok ? await connectionsRow(resolved, input.organizations) : needs('connections', 'a token'),
  )
  const failures = rows.filter((r) => r.status === 'fail').length
  const warnings = rows.filter((r) => r.status === 'warn').length
  return {failures, ok: failures === 0, rows, warnings}
}

const needs = (check: DoctorCheck, what: string): DoctorRow => ({
  check,
  detail: `skipped: needs ${what}`,
  status: 'skip',
})

const describe = (v: ValueReport) => `${v.value} (${v.source}: ${v.from})`

async function credentialRows(resolved: ResolvedCredentials, input: DoctorInput): Promise<DoctorRow[]> {
  const row = async (check: DoctorCheck, name: string, variable: string, v: Sourced | undefined, shown?: string) => {
    const report = reportValue(v, shown ?? v?.value)
    if (!report) {
      return {
        check,
        detail: `no ${name}`,
        fix: `set ${variable}, or ${SETUP_HINT.split(',')[0]}`,
        status: 'fail',
      } as const
    }
    let detail = describe(report)
    if (check === 'client-secret' && v?.source === 'profile') {
      const storage = await input.secretStorage(v.origin)
      if (storage) detail += storage === 'keychain' ? ', in the OS keychain' : ', in the 0600 config file'
    }
    return {check, detail, status: 'ok'} as const
  }
  return Promise.all([
    row('environment-url', 'environment URL', 'SCALEKIT_ENVIRONMENT_URL', resolved.environmentUrl),
    row('client-id', 'client id', 'SCALEKIT_CLIENT_ID', resolved.clientId),
    row(
      'client-secret',
      'client secret',
      'SCALEKIT_CLIENT_SECRET',
      resolved.clientSecret,
      mask(resolved.clientSecret?.value),
    ),
  ])
}

function tokenRow(token: Awaited<ReturnType<typeof mintToken>> | undefined): DoctorRow {
  if (!token) return needs('token', 'all three credentials')
  if (token.ok) return {check: 'token', detail: 'an access token was minted', status: 'ok'}
  const {code = 'api_error', message = 'no token'} = token.error ?? {}
  const fix =
    code === 'auth_failed'
      ? 'copy the client id and secret again from the dashboard (Developers > Settings > API credentials) and run skctl login; skctl status shows where each value came from'
      : code === 'unreachable'
        ? 'check the environment URL (skctl status) and the network; for the emulator, skctl emulator status'
        : 'retry; with --verbose skctl shows the full error'
  return {check: 'token', detail: message, fix, status: 'fail'}
}

async function emulatorRow(url: string | undefined): Promise<DoctorRow> {
  if (!url || environmentKind(url) !== 'local') {
    return {check: 'emulator', detail: 'skipped: the environment is not a local emulator', status: 'skip'}
  }
  const answer = await health(url)
  return answer
    ? {check: 'emulator', detail: `the emulator at ${url} answers (pid ${answer.pid})`, status: 'ok'}
    : {
        check: 'emulator',
        detail: `no emulator answers at ${url}`,
        fix: 'skctl emulator start --detach (or point the environment URL at a running emulator)',
        status: 'fail',
      }
}

function redirectsRow(urls: string[], environmentUrl: string | undefined): DoctorRow {
  if (urls.length === 0) {
    return {check: 'redirects', detail: 'skipped: no --redirect-uri or --redirects-file given', status: 'skip'}
  }
  const kind: RedirectKind =
    environmentUrl && environmentKind(environmentUrl) === 'production' ? 'production' : 'development'
  const report = checkRedirectUrls(urls, kind)
  if (report.ok) {
    const passes = urls.length === 1 ? 'redirect URI passes' : 'redirect URIs pass'
    return {check: 'redirects', detail: `${urls.length} ${passes} the ${kind} rules`, status: 'ok'}
  }
  const problems = [
    ...report.findings.map((f) => ({fix: f.fix, text: `[${f.rule}] ${f.message}`})),
    ...report.results.flatMap((r) =>
      r.findings.map((f) => ({fix: `${r.url}: ${f.fix}`, text: `${r.url} [${f.rule}] ${f.message}`})),
    ),
  ]
  return {
    check: 'redirects',
    detail: `${kind} rules broken: ${problems.map((p) => p.text).join('; ')}`,
    fix: problems.map((p) => p.fix).join('; '),
    status: 'fail',
  }
}

async function connectionsRow(resolved: ResolvedCredentials, organizations: string[]): Promise<DoctorRow> {
  try {
    const api = new Api(requireCredentials(resolved))
    const report = await checkConnections(api, await selectOrganizations(api, organizations))
    const total = report.organizations.length
    const failing = report.organizations.filter((o) => !o.ok)
    if (failing.length === 0) {
      return {
        check: 'connections',
        detail: `${total} ${total === 1 ? 'organization passes' : 'organizations pass'} connections check`,
        status: 'ok',
      }
    }
    const rules = [...new Set(failing.flatMap((o) => o.findings.map((f) => f.rule)))].join(', ')
    return {
      check: 'connections',
      detail: `${failing.length} of ${total} organizations have findings (${rules})`,
      fix: `skctl connections check${organizations.map((o) => ` --org ${o}`).join('')} lists each finding with its fix`,
      status: 'fail',
    }
  } catch (error) {
    const failure = error as CliError
    return {
      check: 'connections',
      detail: failure.message,
      fix: failure.hint ?? 'skctl connections check',
      status: 'fail',
    }
  }
}

/** One JUnit test case per row: a failure for ✗; warnings and skips pass (they do not fail the run). */
export function doctorJunit(report: DoctorReport): JunitSuite[] {
  return [
    {
      cases: report.rows.map((row) => ({
        classname: 'doctor',
        failure:
          row.status === 'fail' ? {detail: row.fix ? `Fix: ${row.fix}` : undefined, message: row.detail} : undefined,
        name: `${row.check}: ${row.detail}`,
      })),
      name: 'skctl doctor',
    },
  ]
}
