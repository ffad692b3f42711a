import {Flags} from '@oclif/core'

import {preloadSdk} from '../../api/client.js'
import {ApiCommand} from '../../base-command.js'
import {envFileFlag} from '../../flags.js'
import {planAgainst} from '../../env/compute.js'
import {loadEnvFileAside} from '../../env/background-load.js'
import type {Plan} from '../../env/plan.js'
import {ExitCode} from '../../errors.js'
import {renderPlan} from '../../output/env-plan.js'
import {escapeTerminal} from '../../output/escape.js'

export type EnvPlanResult = Plan & {changed: boolean}

export default class EnvPlan extends ApiCommand<typeof EnvPlan> {
  static override description = `Compares an environment file with the active environment and shows what env apply would do: creates, updates (field by field) and, with --prune, deletes — nothing is changed.
Only what the file says is compared: a field left out is left alone; metadata and attribute mappings given in the file are matched exactly. Exit 0 when nothing would change, 6 when something would (a CI job can detect drift this way), 2 for a bad file.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> -f env.yaml',
    '<%= config.bin %> <%= command.id %> -f env.yaml --prune --json --profile production',
  ]
  static override flags = {
    file: envFileFlag,
    prune: Flags.boolean({description: 'Also plan deletes: what the environment has and the file does not.'}),
  }
  static override summary = 'Show what applying an environment file would change.'

  async run(): Promise<EnvPlanResult> {
    // A large file is parsed on a thread of its own while the SDK loads; nothing is sent before the file is good.
    const [{spec}] = await Promise.all([loadEnvFileAside(this.flags.file), preloadSdk()])
    const api = await this.api()
    const {plan} = await planAgainst(api, spec, {prune: this.flags.prune})
    const changed = plan.changes.length > 0
    if (changed) process.exitCode = ExitCode.checkFailed
    if (!this.jsonEnabled()) {
      this.log(renderPlan(plan, this.chalk, `Plan for ${api.credentials.environmentUrl}:`))
      for (const note of plan.notes) this.note(`Note: ${escapeTerminal(note)}`)
    }
    return {...plan, changed}
  }
}
