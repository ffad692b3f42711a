import {Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {type ExportSummary, exportEnvironment} from '../../env/export.js'
import {ExportSink} from '../../import/export-sink.js'
import {assertWritableFile} from '../../import/output-path.js'
import {count, inflect} from '../../output/plural.js'

export type EnvExportResult = ExportSummary & {output: string | null}

export default class EnvExport extends ApiCommand<typeof EnvExport> {
  static override description = `Writes the active environment (a real one or the emulator) as an environment file: permissions, roles, and every organization that has an external id with its settings, domains, roles, connections and directories — with --include users, also users and their memberships.
The order is stable (keys sorted), so two exports of the same environment are identical and exports of two environments diff cleanly. Connection secrets are never exported: the file refers to an environment variable for each (\${NAME}), which env apply reads. Users are written a page at a time; with --output the file appears only once complete.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> -o env.yaml',
    '<%= config.bin %> <%= command.id %> --include users --profile staging -o staging.yaml',
  ]
  static override flags = {
    include: Flags.string({
      description: 'Also export these: users (with their memberships).',
      multiple: true,
      options: ['users'],
    }),
    output: Flags.string({char: 'o', description: 'Write to this file (default: standard output).'}),
  }
  static override summary = 'Export an environment as an environment file (YAML).'

  async run(): Promise<EnvExportResult> {
    const {flags} = this
    // With --json the one JSON document is the summary; the file then needs a place of its own.
    if (this.jsonEnabled() && !flags.output) throw usageError('--json needs --output FILE for the environment file')
    if (flags.output) assertWritableFile(flags.output, '--output', {createParent: false})
    const api = await this.api()
    const sink = new ExportSink(flags.output)
    this.onCleanup(() => sink.discard())
    const summary = await exportEnvironment(api, sink, {users: flags.include?.includes('users') ?? false})
    await sink.finish()
    if (summary.skippedOrganizations > 0) {
      const n = summary.skippedOrganizations
      this.warning(
        `${count(n, 'organization')} without an external id ${inflect(n, 'was', 'were')} left out: give ${inflect(n, 'it', 'them')} one with skctl orgs update ORG --external-id ID`,
      )
    }
    if (summary.secrets.length > 0) {
      this.note(`Connection secrets are not exported; set ${summary.secrets.join(', ')} before skctl env apply.`)
    }
    const users = summary.users === null ? '' : ` and ${count(summary.users, 'user')}`
    if (sink.closed) return {...summary, output: null}
    this.note(
      `Exported ${count(summary.organizations, 'organization')}${users}${flags.output ? ` to ${flags.output}` : ''}.`,
    )
    return {...summary, output: flags.output ?? null}
  }
}
