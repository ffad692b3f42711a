import {Args, Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {writeJunit} from '../../checks/junit.js'
import {readRedirectFile} from '../../checks/redirect-file.js'
import {probeReport} from '../../checks/redirect-probe.js'
import {checkRedirectUrls, type RedirectKind, type RedirectReport, redirectsJunit} from '../../checks/redirects.js'
import {environmentKind} from '../../config/url.js'
import {ExitCode, usageError} from '../../errors.js'
import {redirectColumns, redirectRows} from '../../output/redirects.js'
import {count, inflect} from '../../output/plural.js'

export type RedirectsCheckResult = RedirectReport & {
  /** Where the rule set came from: --kind, the active environment's URL, or the default (development). */
  kindSource: 'default' | 'environment' | 'flag'
}

const KINDS: RedirectKind[] = ['development', 'production']

export default class RedirectsCheck extends ApiCommand<typeof RedirectsCheck> {
  static override args = {
    url: Args.string({description: 'Redirect URL to check; give several to check them all.'}),
  }
  static override description = `Lints redirect URLs (allowed callback, initiate-login, post-logout URLs) against Scalekit's documented rules before you register them, so a typo fails in CI instead of at login.
Development environments accept http and https, localhost, and one * wildcard in the outermost subdomain (not at the root level: https://*.acmecorp.com, https://auth-*.acmecorp.com, https://*.auth.acmecorp.com). Production accepts https only, no localhost or loopback addresses, no wildcards. Both refuse query strings and fragments, URLs longer than 256 characters, and more than 5 URLs per environment.
The rule set follows the active environment (*.scalekit.dev and a local emulator are development, other hosts production); with no environment configured it is development. --kind overrides both. No credentials are needed unless you pass --probe, which asks the environment's authorize endpoint whether each http(s) URL without a wildcard is registered.
Every finding names its rule (scheme, localhost, wildcard-root, wildcard-count, wildcard-position, wildcard-outermost, wildcard-production, query, fragment, length, count, malformed, not-registered) and the fix. Exit code 6 when there is any finding.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> http://localhost:3000/auth/callback https://*.acmecorp.com/auth/callback',
    '<%= config.bin %> <%= command.id %> --kind production --file redirect-urls.txt --junit reports/redirects.xml',
    '<%= config.bin %> <%= command.id %> https://app.acmecorp.com/auth/callback --probe --json',
  ]
  static override flags = {
    file: Flags.string({
      description:
        'Read URLs from this file, one a line (blank lines and # comments skipped; at most 1 MiB); - for standard input.',
    }),
    junit: Flags.string({description: 'Also write a JUnit XML report to this file (one test case per URL).'}),
    kind: Flags.string({
      description: "Check against this environment kind instead of the active environment's.",
      options: KINDS,
    }),
    probe: Flags.boolean({
      description: "Ask the environment's /oauth/authorize whether each http(s) URL is registered (needs credentials).",
    }),
  }
  static override strict = false
  static override summary = "Check redirect URLs against Scalekit's rules for development or production."

  async run(): Promise<RedirectsCheckResult> {
    const urls = [
      ...this.positionals,
      ...(this.flags.file === undefined ? [] : await readRedirectFile(this.flags.file, 'file')),
    ]
    if (urls.length === 0) {
      throw usageError('no redirect URLs to check', 'pass URLs as arguments or --file FILE (one URL a line)')
    }
    const {kind, kindSource} = await this.kind()
    const report = checkRedirectUrls(urls, kind)
    if (this.flags.probe) {
      const unknown = await probeReport(await this.api(), report)
      for (const url of unknown) this.warning(`could not tell whether ${url} is registered (unexpected answer)`)
    }
    const result: RedirectsCheckResult = {...report, kindSource}
    if (this.flags.junit) await writeJunit(this.flags.junit, redirectsJunit(report))

    this.table(redirectRows(report), redirectColumns(this.flags.probe))
    const failed = report.results.filter((r) => !r.ok).length
    const all = urls.length
    if (report.ok)
      this.note(this.chalk.green(`${count(all, 'URL')} ${inflect(all, 'passes', 'pass')} the ${kind} rules.`))
    else {
      const list = report.findings.length > 0 ? ' and the list breaks the 5-URL limit' : ''
      this.note(
        this.chalk.red(
          `${failed} of ${count(all, 'URL')} ${inflect(failed, 'breaks', 'break')} the ${kind} rules${list}.`,
        ),
      )
      process.exitCode = ExitCode.checkFailed
    }
    return result
  }

  /** --kind, else the active environment's kind (an emulator counts as development), else development. */
  private async kind(): Promise<{kind: RedirectKind; kindSource: RedirectsCheckResult['kindSource']}> {
    if (this.flags.kind) return {kind: this.flags.kind as RedirectKind, kindSource: 'flag'}
    const environmentUrl = (await this.credentials()).environmentUrl?.value
    if (!environmentUrl) {
      this.note('No environment configured: checking against development rules. Pass --kind production for production.')
      return {kind: 'development', kindSource: 'default'}
    }
    const kind = environmentKind(environmentUrl) === 'production' ? 'production' : 'development'
    this.note(this.chalk.dim(`Checking against ${kind} rules (environment ${environmentUrl}).`))
    return {kind, kindSource: 'environment'}
  }
}
