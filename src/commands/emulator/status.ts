import {untrustedEmulator} from '../../emulator-control/admin-client.js'
import {EMULATOR_PROFILE, showSecret} from '../../emulator-control/profile.js'
import {identify, isAlive} from '../../emulator-control/runtime.js'
import {RuntimeCommand} from '../../emulator-control/runtime-command.js'
import {CliError} from '../../errors.js'

export interface EmulatorStatusResult {
  clientId: string
  clientSecret: string
  dataDir: string | null
  detached: boolean
  logFile: string | null
  pid: number
  running: true
  startedAt: string
  url: string
}

export default class EmulatorStatus extends RuntimeCommand<typeof EmulatorStatus> {
  static override description =
    'Shows the running emulator: URL, test credentials, data directory and process id. Exits 4 when none is running.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'Show the local emulator and its credentials.'

  async run(): Promise<EmulatorStatusResult> {
    const runtime = this.runtime()
    const found = runtime && isAlive(runtime.pid) ? await identify(runtime.url) : undefined
    if (runtime && found?.untrusted) throw untrustedEmulator(runtime.url)
    if (!runtime || !found?.health) {
      throw new CliError('not_found', 'no emulator is running', {hint: 'skctl emulator start --detach'})
    }
    const secret = await (await this.profiles()).readSecret(EMULATOR_PROFILE)
    const result: EmulatorStatusResult = {
      clientId: runtime.clientId,
      clientSecret: secret ? showSecret(secret) : '',
      dataDir: runtime.dataDir,
      detached: runtime.detached,
      logFile: runtime.logFile,
      pid: runtime.pid,
      running: true,
      startedAt: runtime.startedAt,
      url: runtime.url,
    }
    this.record([
      ['url', result.url],
      ['client id', result.clientId],
      ['client secret', result.clientSecret],
      ['data', result.dataDir ?? 'in memory'],
      ['pid', result.pid],
      ['log', result.logFile ?? undefined],
      ['started', result.startedAt],
    ])
    return result
  }
}
