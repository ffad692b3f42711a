import {Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {
  checkConnections,
  connectionsJunit,
  type ConnectionsReport,
  selectOrganizations,
} from '../../checks/connections.js'
import {writeJunit} from '../../checks/junit.js'
import {probeSso} from '../../checks/sso-probe.js'
import {environmentKind} from '../../config/url.js'
import {ExitCode, usageError} from '../../errors.js'
import {connectionCheckColumns, connectionCheckRows} from '../../output/checks.js'

export type ConnectionsCheckResult = ConnectionsReport

export default class ConnectionsCheck extends ApiCommand<typeof ConnectionsCheck> {
  static override description = `Checks that organizations are ready for SSO login. An organization with the sso feature on needs at least one connection that is enabled and completed; connections that are still drafts or in progress, or completed but disabled, are reported; so is an enabled connection in an organization without an organization domain (no email routes to it). Organizations with SSO off and no connections pass.
With --sso-test (emulator only) each passing organization also gets a headless SSO login through the IdP simulator.
Every configured SAML connection also gets the checks of connections create: its IdP metadata (fetched from its metadata URL when it has one) or stored settings need an entity id, an https sign-in URL and a readable signing certificate that is not expired and does not expire within 30 days (an expiring IdP certificate is the most common cause of a sudden SSO outage: run this nightly with --junit); a key under 2048 bits and SHA-1 are reported too.
Every finding names its rule (no-connection, no-active-connection, connection-incomplete, connection-disabled, no-organization-domain, sso-test-failed, and the SAML rules such as certificate-expiring, certificate-expired, sso-url-not-https, metadata-unreachable), the organization, the connection, and the command that fixes it. Exit code 6 when there is any finding.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --org acme-42',
    '<%= config.bin %> <%= command.id %> --all --junit reports/connections.xml --json',
  ]
  static override flags = {
    all: Flags.boolean({
      description: 'Check every organization (the default), fetching every page.',
      exclusive: ['org'],
    }),
    junit: Flags.string({description: 'Also write a JUnit XML report to this file (one test case per organization).'}),
    org: Flags.string({
      description: 'Organization to check: its id (org_…) or your external id for it; repeat for several.',
      multiple: true,
    }),
    'sso-test': Flags.boolean({
      description: 'Emulator only: also run the headless SSO test for every organization that passes the checks.',
    }),
  }
  static override summary = 'Check that organizations with SSO on have a working SSO connection.'

  async run(): Promise<ConnectionsCheckResult> {
    const api = await this.api()
    if (this.flags['sso-test'] && environmentKind(api.credentials.environmentUrl) !== 'local') {
      throw usageError(
        '--sso-test works only against the local emulator',
        'run skctl sso test --org ORG against a real environment',
      )
    }
    const orgs = await selectOrganizations(api, this.flags.org ?? [])
    const checked = await checkConnections(api, orgs)
    const report = this.flags['sso-test'] ? await probeSso(api, checked) : checked
    if (this.flags.junit) await writeJunit(this.flags.junit, connectionsJunit(report))

    if (report.organizations.length === 0) this.note('No organizations.')
    else this.table(connectionCheckRows(report), connectionCheckColumns)
    const failed = report.organizations.filter((o) => !o.ok).length
    const total = report.organizations.length
    if (report.ok)
      this.note(this.chalk.green(`${total} ${total === 1 ? 'organization passes' : 'organizations pass'}.`))
    else {
      this.note(
        this.chalk.red(`${failed} of ${total} ${total === 1 ? 'organization has' : 'organizations have'} findings.`),
      )
      process.exitCode = ExitCode.checkFailed
    }
    return report
  }
}
