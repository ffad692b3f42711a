import {Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {selectorFlags, selectorsFrom} from '../../sso/selectors.js'
import {openInBrowser} from '../../browser.js'
import {environmentKind} from '../../config/url.js'
import {ExitCode, invalidInput, usageError} from '../../errors.js'
import {parseKeyValues} from '../../input.js'
import {type Scenario, type ScenarioReport, runScenario} from '../../sso/flow.js'
import {overallLine, reportSuites, ssoTarget} from '../../sso/report.js'
import {driveSimulator, parseSimulate} from '../../sso/simulate.js'
import {writeJunit} from '../../checks/junit.js'
import {recordSsoTest} from '../../config/sso-test-record.js'
import {ssoTestEntry} from '../../sso/test-record.js'
import {styled} from '../../output/escape.js'

export const DEFAULT_SSO_PORT = 8976

/** The loopback server's address: the default callback, another port, or a registered loopback redirect URI. */
export function loopbackFor(redirectUri: string | undefined, port: number | undefined) {
  if (redirectUri === undefined) return {host: '127.0.0.1', path: '/callback', port: port ?? DEFAULT_SSO_PORT}
  let url: URL
  try {
    url = new URL(redirectUri)
  } catch {
    throw invalidInput(`--redirect-uri "${redirectUri}" is not a URL`)
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname) || url.search || url.hash) {
    throw invalidInput(
      `--redirect-uri must be an http://127.0.0.1 or http://localhost URL without query: the test listens on it`,
      'e.g. http://localhost:3000/auth/callback',
    )
  }
  return {host: url.hostname, path: url.pathname, port: Number(url.port || 80)}
}

export interface SsoTestResult {
  ok: boolean
  scenarios: ScenarioReport[]
}

export default class SsoTest extends ApiCommand<typeof SsoTest> {
  static override description = `Proves that SSO works end to end, with every stage checked: discovery, the authorization request (PKCE S256, state, nonce), the IdP, the loopback callback (state first), the code exchange, full ID-token validation (signature from the JWKS, iss, sub, aud, azp, exp, iat, nonce, at_hash, c_hash, as the OpenID conformance RP tests expect: a missing kid is accepted only when the JWKS has one key, an unknown kid makes the JWKS be fetched again once), the access token, and your --expect assertions.
The callback is a one-shot server on http://127.0.0.1:${DEFAULT_SSO_PORT}/callback (register that URL once as an allowed callback URL; --port 0 picks any port where loopback ports are free, as RFC 8252 allows and the emulator does).
Against the local emulator, --simulate signs in headlessly by filling the IdP simulator itself, so CI needs no browser. Exit 0 when every stage passes, 6 when a check fails, 3 when the client credentials are rejected, 2 for bad usage (a busy --port too).
The outcome (time, result, connection and organization — no token, claim or user) is recorded per environment and organization in sso-tests.json in the config directory, for onboard status.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --login-hint jane@example.com --simulate email=jane@example.com,first_name=Jane --json',
    '<%= config.bin %> <%= command.id %> --org acme-42 --scenario all --simulate email=it@example.com --junit sso.xml',
    '<%= config.bin %> <%= command.id %> --domain example.com --no-browser --expect-email jane@example.com',
  ]
  static override flags = {
    ...selectorFlags,
    browser: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Open the authorization URL in a browser (--no-browser only prints it).',
    }),
    'expect-claim': Flags.string({description: 'Assert an ID-token claim: name=value. Repeatable.', multiple: true}),
    'expect-connection': Flags.string({description: 'Assert the connection (conn_…) that signed the user in.'}),
    'expect-email': Flags.string({description: "Assert the signed-in user's email."}),
    'expect-org': Flags.string({description: 'Assert the organization (org_…) in the ID token.'}),
    junit: Flags.string({description: 'Write JUnit XML here: one test case per stage and scenario.'}),
    port: Flags.integer({
      description: `Loopback port for the callback; 0 for any free port. [default: ${DEFAULT_SSO_PORT}]`,
      exclusive: ['redirect-uri'],
      max: 65_535,
      min: 0,
    }),
    'redirect-uri': Flags.string({
      description: 'Listen on another registered loopback callback URL, e.g. http://localhost:3000/auth/callback.',
    }),
    scenario: Flags.string({
      default: 'sp',
      description: 'sp (user login via SSO), idp (IdP-initiated), error, or all.',
      options: ['sp', 'idp', 'error', 'all'],
    }),
    'show-tokens': Flags.boolean({
      description: 'Include the raw ID and access tokens in the output (they are secrets).',
    }),
    simulate: Flags.string({
      // Spaces between the parts: help wraps between words, and one long token would be cut mid-word.
      description:
        'Headless, emulator only: the user to sign in as, comma-separated key=value pairs, e.g. email=jane@acme.com,first_name=Jane (keys: email, first_name, last_name, or any attribute).',
    }),
    timeout: Flags.integer({default: 300, description: 'Seconds to wait for the callback.', min: 1}),
  }
  static override summary = 'Run the real SSO login flow and check every stage.'

  async run(): Promise<SsoTestResult> {
    const {flags} = this
    const selectors = selectorsFrom(flags)
    const expectedClaims = parseKeyValues(flags['expect-claim'], 'expect-claim') ?? {}
    const simulated = flags.simulate === undefined ? undefined : parseSimulate(flags.simulate)
    const api = await this.api()
    const {clientId, environmentUrl} = api.credentials
    if (simulated && environmentKind(environmentUrl) !== 'local') {
      throw usageError(
        '--simulate works only against the local emulator',
        'a real environment needs a real sign-in: drop --simulate and complete the login in the browser',
      )
    }
    const loopback = loopbackFor(flags['redirect-uri'], flags.port)
    const target = await ssoTarget(api, selectors)
    const scenarios: Scenario[] = flags.scenario === 'all' ? ['sp', 'idp', 'error'] : [flags.scenario as Scenario]
    const reports: ScenarioReport[] = []
    for (const scenario of scenarios) {
      const report = await runScenario(scenario, {
        api,
        browse: (url, s, callbackUrl) => this.browse(url, s, callbackUrl, simulated),
        clientId,
        environmentUrl,
        expect: {
          claims: expectedClaims,
          connection: flags['expect-connection'],
          email: flags['expect-email'],
          organization: flags['expect-org'],
        },
        leewaySeconds: 60,
        loopback,
        selectors: target,
        timeoutMs: flags.timeout * 1000,
      })
      // Tokens are credentials: they leave the process only when asked for.
      const shown = flags['show-tokens'] ? report : {...report, tokens: undefined}
      reports.push(shown)
      this.render(shown)
    }
    if (reports.length > 1) this.log(overallLine(reports))
    if (flags.junit) await writeJunit(flags.junit, reportSuites(reports))
    await this.remember(ssoTestEntry(reports, target, environmentUrl))
    const ok = reports.every((r) => r.ok)
    if (!ok) process.exitCode = ExitCode.checkFailed
    return {ok, scenarios: reports}
  }

  /** `onboard status` shows the last test of each organization; failing to note it does not fail the test. */
  private async remember(entry: ReturnType<typeof ssoTestEntry>): Promise<void> {
    if (!entry) return
    try {
      await recordSsoTest(this.config.configDir, entry)
    } catch (error) {
      this.warning(`could not record the test for onboard status: ${(error as Error).message}`)
    }
  }

  private async browse(
    url: string,
    scenario: Scenario,
    callbackUrl: string,
    simulated: ReturnType<typeof parseSimulate> | undefined,
  ) {
    if (simulated) return driveSimulator(url, scenario, simulated, callbackUrl)
    // Needed even with --json: stdout carries the report, stderr the URL to open.
    const pick = scenario === 'sp' ? '' : ` (pick "${scenario}" on the IdP simulator)`
    process.stderr.write(`Open this URL to sign in${pick}:\n${url}\n`)
    if (this.flags.browser) {
      const {error, opened} = await openInBrowser(url)
      if (!opened) this.warning(`could not open a browser (${error}); open the URL above yourself.`)
    }
    process.stderr.write(
      `waiting for the callback on ${callbackUrl} (timeout ${this.flags.timeout} s, Ctrl-C to stop)\n`,
    )
  }

  private render(report: ScenarioReport): void {
    const mark = (ok: boolean) => (ok ? this.chalk.green('pass') : this.chalk.red('FAIL'))
    this.log(`${this.chalk.bold(`Scenario ${report.scenario}`)}: ${mark(report.ok)}`)
    this.table(report.stages, [
      {header: 'STAGE', value: (s) => s.name},
      {header: 'RESULT', value: (s) => styled(mark(s.ok))},
      {header: 'TIME', value: (s) => `${Math.round(s.ms)} ms`},
      {header: 'DETAIL', value: (s) => (s.reason ? `[${s.reason}] ${s.detail}` : s.detail)},
    ])
    if (report.claims) {
      const {at_hash: _a, c_hash: _c, nonce: _n, ...shown} = report.claims
      this.record(Object.entries(shown).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    }
    if (report.tokens)
      this.record([
        ['id token', report.tokens.idToken],
        ['access token', report.tokens.accessToken],
      ])
    this.log('')
  }
}
