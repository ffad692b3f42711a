import {Flags} from '@oclif/core'

import {preloadSdk} from '../../api/client.js'
import {ApiCommand} from '../../base-command.js'
import {concurrencyFlag, envFileFlag} from '../../flags.js'
import {type ApplyFailure, applyPlan} from '../../env/apply.js'
import {planAgainst} from '../../env/compute.js'
import {loadEnvFileAside} from '../../env/background-load.js'
import type {Change, Plan} from '../../env/plan.js'
import {ExitCode} from '../../errors.js'
import {renderPlan} from '../../output/env-plan.js'
import {escapeTerminal} from '../../output/escape.js'
import {count} from '../../output/plural.js'

export interface EnvApplyResult {
  applied: number
  changes: Change[]
  failed: ApplyFailure[]
  summary: Plan['summary']
}

export default class EnvApply extends ApiCommand<typeof EnvApply> {
  static override description = `Makes the active environment match an environment file: shows the plan (as env plan does), then applies it in dependency order — permissions, roles, organizations, their roles, domains, connections, directories, users, memberships — with bounded concurrency, pausing for rate limits and retrying calls that fail on the way.
It is idempotent and safe to interrupt: after Ctrl-C, a crash or kill -9, running it again converges, and env plan then shows no changes. Deletes happen only with --prune, after a confirmation (or --yes; without a terminal, --prune needs --yes). Secrets (\${NAME} in the file) are read from the environment and sent only when a connection is created.
Exit 0 when every change was applied, 5 when some failed (each is listed), 2 for a bad file, 130 when interrupted.`
  static override examples = [
    'ACME_OKTA_CLIENT_SECRET=… <%= config.bin %> <%= command.id %> -f env.yaml',
    '<%= config.bin %> <%= command.id %> -f env.yaml --prune --yes --profile staging',
  ]
  static override flags = {
    concurrency: concurrencyFlag('Organizations worked on'),
    file: envFileFlag,
    prune: Flags.boolean({description: 'Also delete what the environment has and the file does not (asks first).'}),
  }
  static override summary = 'Make the environment match an environment file.'

  async run(): Promise<EnvApplyResult> {
    const {flags} = this
    // As plan does: a large file is parsed aside while the SDK loads; nothing is sent before the file is good.
    const [{spec}] = await Promise.all([loadEnvFileAside(flags.file), preloadSdk()])
    const api = await this.api()
    const {plan, remote} = await planAgainst(api, spec, {prune: flags.prune})
    if (!this.jsonEnabled()) {
      this.log(renderPlan(plan, this.chalk, `Plan for ${api.credentials.environmentUrl}:`))
      for (const note of plan.notes) this.note(`Note: ${escapeTerminal(note)}`)
    }
    const result = {applied: 0, changes: plan.changes, failed: [] as ApplyFailure[], summary: plan.summary}
    if (plan.changes.length === 0) return result
    if (plan.summary.delete > 0) {
      await this.confirm(`Delete ${count(plan.summary.delete, 'item')} from ${api.credentials.environmentUrl}?`)
    }
    const controller = new AbortController()
    this.onCleanup(() => controller.abort())
    const spinner = await this.spinner(`Applying ${count(plan.changes.length, 'change')}`)
    const report = await applyPlan(api, spec, remote, plan, {
      concurrency: flags.concurrency,
      onChange: (change, error) => {
        const what = escapeTerminal(`${change.action} ${change.resource} ${change.key}`)
        if (error) this.warning(`${what} failed: ${error.message}`)
        else spinner.update(`Applying: ${what}`)
      },
      signal: controller.signal,
    })
    spinner.stop()
    if (report.failed.length > 0) {
      process.exitCode = ExitCode.partial
      this.note(
        this.chalk.red(
          `Applied ${report.applied} of ${count(plan.changes.length, 'change')}; ${report.failed.length} failed. Fix the cause and run again: it picks up where this run stopped.`,
        ),
      )
    } else {
      const {create, delete: deleted, update} = plan.summary
      this.note(
        this.chalk.green(
          `Applied ${count(report.applied, 'change')}: ${create} created, ${update} updated, ${deleted} deleted.`,
        ),
      )
    }
    return {...result, applied: report.applied, failed: report.failed}
  }
}
