import {existsSync} from 'node:fs'

import {Flags} from '@oclif/core'

import {Api} from '../../api/client.js'
import {ApiCommand} from '../../base-command.js'
import {requireCredentials, resolveCredentials} from '../../config/credentials.js'
import {planAgainst, readAsSpec} from '../../env/compute.js'
import {loadEnvFile} from '../../env/load.js'
import type {Plan} from '../../env/plan.js'
import {ExitCode} from '../../errors.js'
import {renderPlan} from '../../output/env-plan.js'
import {escapeTerminal} from '../../output/escape.js'

export type EnvDiffResult = Plan & {changed: boolean; from: string; to: string}

/** A --from value names a file when one exists there (or it is "-", or ends like one); otherwise a profile. */
const isFile = (value: string) => value === '-' || existsSync(value) || /\.(ya?ml|json)$/i.test(value)

export default class EnvDiff extends ApiCommand<typeof EnvDiff> {
  static override description = `Compares two environments — two saved profiles (staging against production), or an environment file against a profile — and shows what would have to change in --to to match --from: creates, updates field by field, and deletes (what --to has and --from does not). Nothing is changed.
Organizations are matched by external id, roles and permissions by name, users by email; Scalekit ids differ between environments and are not compared. Exit 0 when they match, 6 when they differ.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --from staging --to production',
    '<%= config.bin %> <%= command.id %> --from env.yaml --to production --json',
  ]
  static override flags = {
    from: Flags.string({description: 'The reference: a profile name or an environment file.', required: true}),
    include: Flags.string({
      description: 'Also compare these: users (with their memberships).',
      multiple: true,
      options: ['users'],
    }),
    to: Flags.string({description: 'The profile compared with it.', required: true}),
  }
  static override summary = 'Compare two environments, or a file with an environment.'

  async run(): Promise<EnvDiffResult> {
    const {flags} = this
    const users = flags.include?.includes('users') ?? false
    const from = isFile(flags.from)
      ? (await loadEnvFile(flags.from)).spec
      : await readAsSpec(await this.apiFor(flags.from), {users})
    const target = await this.apiFor(flags.to)
    const {plan} = await planAgainst(target, from, {prune: true})
    const changed = plan.changes.length > 0
    if (changed) process.exitCode = ExitCode.checkFailed
    if (!this.jsonEnabled()) {
      const heading = `What would change in ${flags.to} (${target.credentials.environmentUrl}) to match ${flags.from}:`
      this.log(renderPlan(plan, this.chalk, escapeTerminal(heading)))
      for (const note of plan.notes) this.note(`Note: ${escapeTerminal(note)}`)
    }
    return {...plan, changed, from: flags.from, to: flags.to}
  }

  /** A saved profile's environment, whatever SCALEKIT_* variables the shell holds (a named profile wins). */
  private async apiFor(profile: string): Promise<Api> {
    const credentials = await resolveCredentials({env: process.env, flags: {profile}, store: () => this.profiles()})
    return new Api(requireCredentials(credentials))
  }
}
