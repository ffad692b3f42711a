import {Args} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {requireEmulator} from '../../emulator-control/admin-client.js'
import {applyToEmulator, seedFailure} from '../../emulator-control/env-file.js'
import {loadEnvFile} from '../../env/load.js'
import {concurrencyFlag} from '../../flags.js'
import {count} from '../../output/plural.js'

export interface EmulatorImportResult {
  applied: number
  url: string
}

export default class EmulatorImport extends ApiCommand<typeof EmulatorImport> {
  static override args = {
    file: Args.string({description: 'The environment file (YAML or JSON), or - for standard input.', required: true}),
  }
  static override description = `Applies an environment file to the running emulator, as skctl env apply does (creates and updates; nothing is deleted): what skctl emulator export wrote, or a file written by hand.
Pinned ids (id: org_…) are honoured: what the file pins is created with exactly that id.
The file is checked first (schema, \${VAR} references, pinned ids the emulator holds for something else): a bad file is exit 2 and nothing is changed. Only for the local emulator; for a real environment use skctl env apply.`
  static override examples = ['<%= config.bin %> <%= command.id %> emulator.yaml']
  static override flags = {
    concurrency: concurrencyFlag('Organizations worked on'),
  }
  static override summary = 'Apply an environment file to the local emulator.'

  async run(): Promise<EmulatorImportResult> {
    const {file} = this.args
    const loaded = await loadEnvFile(file)
    const endpoint = await requireEmulator(
      this.config.configDir,
      await this.credentials(),
      () => this.profiles(),
      'skctl emulator import',
    )
    const controller = new AbortController()
    this.onCleanup(() => controller.abort())
    const report = await applyToEmulator(endpoint, loaded, {
      concurrency: this.flags.concurrency,
      signal: controller.signal,
    })
    if (report.failed.length > 0) throw seedFailure(file, report.failed)
    this.note(`Applied ${count(report.applied, 'change')} to the emulator at ${endpoint.url}.`)
    return {applied: report.applied, url: endpoint.url}
  }
}
