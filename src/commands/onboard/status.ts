import {Args, Flags} from '@oclif/core'

import type {Pages} from '../../api/paginate.js'
import {ApiCommand} from '../../base-command.js'
import {writeJunit} from '../../checks/junit.js'
import {ExitCode, usageError} from '../../errors.js'
import {duration} from '../../import/progress.js'
import {escapeTerminal} from '../../output/escape.js'
import {count, inflect} from '../../output/plural.js'
import {findOrganization, type StatusContext, statusOfAll, statusOfOrganization} from '../../onboarding/status.js'
import {organizationColumns, progressLine, statusJunit, stepColumns} from '../../onboarding/status-render.js'
import type {OrganizationStatus} from '../../onboarding/status-steps.js'
import {MAX_INTERVAL_MS, parseDuration, waitUntil} from '../../onboarding/wait.js'

export interface OnboardStatusResult {
  organizations: OrganizationStatus[]
  totalSize: number
  truncated: boolean
}

export default class OnboardStatus extends ApiCommand<typeof OnboardStatus> {
  static override args = {
    org: Args.string({description: 'Organization: its id (org_…) or your external id for it.'}),
  }
  static override description = `A live checklist of a customer's onboarding, computed from the environment: one row per step, ✓ done, ✗ missing (run the command in NEXT), … pending (waiting on the customer's IT admin, their identity provider, or an earlier step), – not applicable.
Steps: organization; domains (an organization domain); SSO enabled (the sso feature); connection configured (completed) and enabled; SSO tested (the last \`sso test\` skctl ran for the organization in this environment, or a portal Test connection run given with --test-request); when SCIM is in use (the dir_sync feature is on or a directory exists): SCIM enabled, a directory, enabled, with users (counts of users and groups, last change), group-to-role mappings; users imported (members).
Required: organization, domains, SSO enabled, connection configured and enabled, and the SCIM steps except group-to-role mappings when SCIM is in use. Optional (shown, never failing): SSO tested, group-to-role mappings, users imported.
Exit 0 when every required step is done, 6 otherwise, 4 for an unknown organization. --watch looks again (every --interval, growing to 30 s) until every required step is done or --timeout passes (exit 6), with a spinner on a terminal and otherwise a line on stderr when the state changes; Ctrl-C exits 130.
--all checks every organization, streaming a row each as the pages arrive.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> acme-42',
    '<%= config.bin %> <%= command.id %> org_59615193906282635 --json',
    '<%= config.bin %> <%= command.id %> acme-42 --watch --timeout 2h',
    '<%= config.bin %> <%= command.id %> --all --junit reports/onboarding.xml',
  ]
  static override flags = {
    interval: Flags.string({
      default: '2s',
      description: `With --watch: the first pause between looks (e.g. 2s, 500ms); each grows by half, up to ${MAX_INTERVAL_MS / 1000}s.`,
    }),
    timeout: Flags.string({
      default: '30m',
      description: 'With --watch: give up after this long (e.g. 30m, 90s, 2h): exit 6.',
    }),
    all: Flags.boolean({description: 'Check every organization: one row each.'}),
    junit: Flags.string({description: 'Also write a JUnit XML report here: one test case per organization and step.'}),
    'test-request': Flags.string({
      description:
        "A Test connection run of the admin portal (test_…): its result (GetConnectionTestResult) counts as the organization's last SSO test.",
    }),
    watch: Flags.boolean({description: 'Look again until every required step is done or --timeout passes.'}),
  }
  static override summary = "Show how far a customer's onboarding got, step by step, with the next command for each."

  async run(): Promise<OnboardStatusResult | {count: number}> {
    const {args, flags} = this
    if (Boolean(args.org) === Boolean(flags.all)) {
      throw usageError(
        flags.all ? 'name an organization or pass --all, not both' : 'name an organization or pass --all',
        `${this.config.bin} onboard status ORG, or ${this.config.bin} onboard status --all`,
      )
    }
    if (flags.all && (flags.watch || flags['test-request'])) {
      throw usageError(
        `--${flags.watch ? 'watch' : 'test-request'} works on one organization`,
        'name it instead of --all',
      )
    }
    const timing = {
      intervalMs: parseDuration('interval', flags.interval),
      timeoutMs: parseDuration('timeout', flags.timeout),
    }
    const api = await this.api()
    const context: StatusContext = {api, configDir: this.config.configDir}
    if (flags.all) return this.all(context)

    const org = await findOrganization(api, args.org as string)
    const look = () => statusOfOrganization(context, org, flags['test-request']?.trim())
    const status = flags.watch ? await this.watch(look, timing) : await look()
    if (flags.junit) await writeJunit(flags.junit, statusJunit([status]))
    if (!this.jsonEnabled()) {
      this.log(`${this.chalk.bold(escapeTerminal(status.name || status.id))} (${status.id})`)
      this.table(status.steps, stepColumns(this.chalk))
    }
    this.note(status.ok ? this.chalk.green('Every required step is done.') : this.chalk.red(remaining(status)))
    if (!status.ok) process.exitCode = ExitCode.checkFailed
    return {organizations: [status], totalSize: 1, truncated: false}
  }

  /** Streams a row per organization; the JSON document is written as it goes. */
  private async all(context: StatusContext): Promise<{count: number}> {
    const seen: OrganizationStatus[] = []
    let ready = 0
    let total = 0
    const keepJunit = Boolean(this.flags.junit)
    const pages: Pages<OrganizationStatus> = (async function* () {
      for await (const page of statusOfAll(context)) {
        for (const org of page.items) {
          total++
          if (org.ok) ready++
          if (keepJunit) seen.push(org)
        }
        yield page
      }
    })()
    const summary = await this.list(pages, {
      columns: organizationColumns(this.chalk),
      key: 'organizations',
      noun: 'organizations',
    })
    if (!summary.finished) return {count: summary.count}
    if (this.flags.junit) await writeJunit(this.flags.junit, statusJunit(seen))
    if (total > 0) {
      const line = `${ready} of ${count(total, 'organization')} ${inflect(ready, 'is', 'are')} ready.`
      this.note(ready === total ? this.chalk.green(line) : this.chalk.red(line))
    }
    if (ready < total) process.exitCode = ExitCode.checkFailed
    return {count: summary.count}
  }

  /** Looks again with growing pauses until every required step is done or the timeout passes. */
  private async watch(
    look: () => Promise<OrganizationStatus>,
    timing: {intervalMs: number; timeoutMs: number},
  ): Promise<OrganizationStatus> {
    const spinner = await this.spinner('Checking onboarding…')
    const outcome = await waitUntil(
      async () => {
        const status = await look()
        return {ready: status.ok, state: progressLine(status), value: status}
      },
      {
        intervalMs: timing.intervalMs,
        maxIntervalMs: MAX_INTERVAL_MS,
        onState: spinner.active
          ? (state) => spinner.update(`Watching: ${escapeTerminal(state)}`)
          : (state) => this.note(`${new Date().toISOString()} ${escapeTerminal(state)}`),
        timeoutMs: timing.timeoutMs,
      },
    )
    const took = duration(outcome.elapsedMs / 1000)
    const done = outcome.probe.ready
      ? `Done after ${took}.`
      : `Timed out after ${duration(timing.timeoutMs / 1000)}: ${escapeTerminal(outcome.probe.state)}`
    if (!spinner.active) this.note(done)
    else if (outcome.probe.ready) spinner.succeed(done)
    else spinner.fail(done)
    return outcome.probe.value
  }
}

function remaining(status: OrganizationStatus): string {
  const open = status.steps.filter((s) => s.required && s.status !== 'done').length
  return `${count(open, 'required step')} to go.`
}
