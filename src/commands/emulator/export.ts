import {Args} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {requireEmulator} from '../../emulator-control/admin-client.js'
import {emulatorApi, exportEmulatorState} from '../../emulator-control/env-file.js'
import {usageError} from '../../errors.js'
import {assertWritableFile} from '../../import/output-path.js'
import {count} from '../../output/plural.js'

export interface EmulatorExportResult {
  organizations: number
  output: string | null
  users: number
}

export default class EmulatorExport extends ApiCommand<typeof EmulatorExport> {
  static override args = {
    file: Args.string({description: 'File to write, or - for standard output.', required: true}),
  }
  static override description = `Writes the running emulator's state as an environment file (the format of skctl env export, users included, every organization, connection, directory and user pinned to its id): start another emulator from it with skctl emulator start --seed FILE, or apply it anywhere with skctl env apply.
The file appears only once complete (written to a temporary file, then renamed), so a failed export leaves an earlier file as it was. Only for the local emulator; for a real environment use skctl env export.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> emulator.yaml',
    '<%= config.bin %> <%= command.id %> - | less',
  ]
  static override summary = "Export the local emulator's state as an environment file."

  async run(): Promise<EmulatorExportResult> {
    const output = this.args.file === '-' ? undefined : this.args.file
    if (this.jsonEnabled() && !output) throw usageError('--json needs a FILE for the environment file, not -')
    if (output) assertWritableFile(output, 'FILE', {createParent: false})
    const endpoint = await requireEmulator(
      this.config.configDir,
      await this.credentials(),
      () => this.profiles(),
      'skctl emulator export',
    )
    const summary = await exportEmulatorState(emulatorApi(endpoint), output)
    const result = {organizations: summary.organizations, output: output ?? null, users: summary.users ?? 0}
    if (summary.complete) {
      this.note(
        `Exported ${count(result.organizations, 'organization')} and ${count(result.users, 'user')}${output ? ` to ${output}` : ''}.`,
      )
    }
    return result
  }
}
