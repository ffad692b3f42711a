import {Args, Flags} from '@oclif/core'

import {parseOrganizationRef, resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {concurrencyFlag, requiredOrgFlag} from '../../flags.js'
import {organizationActions} from '../../import/actions.js'
import {OrganizationResolver} from '../../import/organizations.js'
import {Retrier} from '../../import/retry.js'
import {readMembersFile} from '../../memberships/members-file.js'
import {applySync, type SyncResult} from '../../memberships/sync-apply.js'
import {assertKnownRoles, planSync, type SyncPlan} from '../../memberships/sync-plan.js'
import {escapeTerminal} from '../../output/escape.js'
import {renderSyncPlan} from '../../output/membership-sync.js'
import {count} from '../../output/plural.js'

export type MembershipsSyncResult = SyncPlan & {
  /** Something differs (a dry run exits 6 then). */
  changed: boolean
  dryRun: boolean
  /** Changes applied; 0 in a dry run. */
  applied: number
  /** One per change applied or failed, in the order they finished; empty in a dry run. */
  results: SyncResult[]
}

export default class MembershipsSync extends ApiCommand<typeof MembershipsSync> {
  static override args = {
    file: Args.string({
      description:
        'CSV of the members: an email column and optionally roles (several separated by ";"), as users export writes.',
      required: true,
    }),
  }
  static override description = `Makes an organization's members and their roles match a CSV file: adds the people it lists who are not members (creating users that do not exist yet, active with the email verified, as users import does), changes roles that differ, and with --prune removes members the file does not list. A row with an empty roles cell leaves an existing member's roles alone (a new member gets the environment's default role).
The plan is shown first (add / change role / remove, with counts). The whole file is checked before anything is sent: a bad row (no or invalid email, a role that exists neither in the environment nor in the organization) or an email listed twice is exit 2 naming every such line. Removals need --prune and a confirmation (or --yes; without a terminal, --yes is required). Running it again changes nothing.
Exit 0 when in sync or every change was applied; with --dry-run 0 when in sync and 6 when something would change; 5 when some changes failed (each is listed); 2 for a bad file.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 members.csv --dry-run',
    '<%= config.bin %> <%= command.id %> --org acme-42 members.csv --prune --yes --json',
  ]
  static override flags = {
    concurrency: concurrencyFlag('Changes in flight'),
    'dry-run': Flags.boolean({
      description: 'Show the plan and change nothing: exit 0 when the members match the file, 6 when they do not.',
    }),
    org: requiredOrgFlag,
    prune: Flags.boolean({description: 'Also remove members the file does not list (asks first).'}),
  }
  static override summary = "Make an organization's members and roles match a CSV file."

  async run(): Promise<MembershipsSyncResult> {
    const {args, flags} = this
    // The file is read and checked before any call: a bad file changes nothing and costs nothing.
    const file = await readMembersFile(args.file, parseOrganizationRef(flags.org))
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, flags.org)
    const controller = new AbortController()
    this.onCleanup(() => controller.abort())
    const retrier = new Retrier({signal: controller.signal})
    const resolver = new OrganizationResolver(organizationActions(api), retrier)
    await assertKnownRoles(resolver, organizationId, file)
    const plan = await planSync(api, organizationId, file, {prune: flags.prune})
    const changed = plan.changes.length > 0
    const result: MembershipsSyncResult = {...plan, applied: 0, changed, dryRun: Boolean(flags['dry-run']), results: []}
    if (!this.jsonEnabled()) {
      this.log(renderSyncPlan(plan, this.chalk, `Plan for ${organizationId} from ${escapeTerminal(file.file)}:`))
    }
    if (flags['dry-run']) {
      if (changed) process.exitCode = ExitCode.checkFailed
      return result
    }
    if (!changed) return result
    if (plan.summary.remove > 0) {
      await this.confirm(`Remove ${count(plan.summary.remove, 'member')} from ${organizationId}?`)
    }
    const spinner = await this.spinner(`Applying ${count(plan.changes.length, 'change')}`)
    const results = await applySync(api, plan, file, {
      concurrency: flags.concurrency,
      onResult: (done) => {
        const what = escapeTerminal(`${done.action.replace('_', ' ')} ${done.email}`)
        if (done.ok) spinner.update(`Applied: ${what}`)
        else this.warning(`${what} failed: ${done.message}`)
      },
      resolver,
      retrier,
      signal: controller.signal,
    })
    spinner.stop()
    const failed = results.filter((r) => !r.ok).length
    const applied = results.length - failed
    if (failed > 0) {
      process.exitCode = ExitCode.partial
      this.note(
        this.chalk.red(
          `Applied ${applied} of ${count(plan.changes.length, 'change')}; ${failed} failed. Fix the cause and run again: only what still differs is done.`,
        ),
      )
    } else {
      const {add, changeRoles, remove} = plan.summary
      this.note(
        this.chalk.green(
          `Applied ${count(applied, 'change')}: ${add} added, ${changeRoles} changed role, ${remove} removed.`,
        ),
      )
    }
    return {...result, applied, results}
  }
}
