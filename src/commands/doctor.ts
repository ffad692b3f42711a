import {Flags} from '@oclif/core'

import {ApiCommand} from '../base-command.js'
import {type DoctorReport, type DoctorStatus, doctorJunit, runDoctor} from '../checks/doctor.js'
import {writeJunit} from '../checks/junit.js'
import {readRedirectFile} from '../checks/redirect-file.js'
import {osKeychain} from '../config/keychain.js'
import {ExitCode} from '../errors.js'
import {escapeTerminal} from '../output/escape.js'
import {count} from '../output/plural.js'

export type DoctorResult = DoctorReport

export default class Doctor extends ApiCommand<typeof Doctor> {
  static override description = `Checks, in one go, whether this machine and the configured environment are ready: the Node.js version (20.19 or later), the config directory's modes (0700, files 0600), where the environment URL, client id and client secret come from (flag, environment variable, profile; for a profile's secret, the OS keychain or the config file), that an access token can be minted, the clock against the server's Date header (a warning beyond 30 s: ID tokens fail on skew), that the OS keychain works, that the emulator answers when the environment is one, the redirect URIs given with --redirect-uri or --redirects-file (Scalekit's rules, as redirects check), and the connections check summary.
Each row is ✓ (ok), ✗ (failed), ! (warning) or – (skipped), with what was found; every failure and warning says how to fix it. Exit 6 when a row fails; warnings alone exit 0.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --redirect-uri https://app.acme.com/auth/callback --redirect-uri http://localhost:3000/auth/callback',
    '<%= config.bin %> <%= command.id %> --redirects-file redirect-urls.txt --org acme-42 --junit reports/doctor.xml --json',
  ]
  static override flags = {
    junit: Flags.string({description: 'Also write a JUnit XML report to this file (one test case per check).'}),
    org: Flags.string({
      description: 'Limit the connections summary to this organization (id or external id); repeat for several.',
      multiple: true,
    }),
    'redirect-uri': Flags.string({description: 'A redirect URI to lint; repeat for several.', multiple: true}),
    'redirects-file': Flags.string({
      description: 'Lint the redirect URIs in this file, one a line (# comments skipped); - for standard input.',
    }),
  }
  static override summary = 'Check that this machine and environment are ready for skctl.'

  async run(): Promise<DoctorResult> {
    const redirectUris = [...(this.flags['redirect-uri'] ?? []), ...(await this.redirectsFile())]
    const report = await runDoctor({
      configDir: this.config.configDir,
      env: process.env,
      keychain: osKeychain,
      nodeVersion: process.versions.node,
      organizations: this.flags.org ?? [],
      redirectUris,
      resolve: () => this.credentials(),
      secretStorage: async (name) => (await this.profiles()).get(name)?.secretStorage,
    })
    if (this.flags.junit) await writeJunit(this.flags.junit, doctorJunit(report))
    this.render(report)
    if (!report.ok) process.exitCode = ExitCode.checkFailed
    return report
  }

  private async redirectsFile(): Promise<string[]> {
    const path = this.flags['redirects-file']
    return path === undefined ? [] : readRedirectFile(path, 'redirects-file')
  }

  private render(report: DoctorReport): void {
    const marks: Record<DoctorStatus, string> = {
      fail: this.chalk.red('✗'),
      ok: this.chalk.green('✓'),
      skip: this.chalk.dim('–'),
      warn: this.chalk.yellow('!'),
    }
    const width = Math.max(...report.rows.map((r) => r.check.length))
    for (const row of report.rows) {
      // Details and fixes can carry server text: escaped for the terminal.
      this.log(`${marks[row.status]} ${row.check.padEnd(width)}  ${escapeTerminal(row.detail)}`)
      if (row.fix && row.status !== 'ok') {
        this.log(`  ${' '.repeat(width)}  ${this.chalk.dim('Fix:')} ${escapeTerminal(row.fix)}`)
      }
    }
    const warnings = report.warnings > 0 ? ` (${count(report.warnings, 'warning')})` : ''
    if (report.ok) this.note(this.chalk.green(`Ready${warnings}.`))
    else this.note(this.chalk.red(`${count(report.failures, 'check')} failed${warnings}.`))
  }
}
