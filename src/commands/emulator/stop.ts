import {BaseCommand} from '../../base-command.js'
import {stopEmulator} from '../../emulator-control/stop.js'

export default class EmulatorStop extends BaseCommand<typeof EmulatorStop> {
  static override description =
    'Stops the emulator started with skctl emulator start (detached or in another terminal). State kept with --data-dir survives; an emulator started with --export-on-exit FILE writes FILE first (exported in --json: the file, or null when that export failed).'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'Stop the local emulator.'

  async run(): Promise<{exported?: string | null; pid: number | null; stopped: boolean}> {
    const stopped = await stopEmulator(this.config.configDir)
    this.log(stopped ? `Stopped the emulator (pid ${stopped.pid}).` : 'No emulator was running.')
    const file = stopped?.exportOnExit
    if (file === undefined) return {pid: stopped?.pid ?? null, stopped: Boolean(stopped)}
    if (stopped?.exported) this.note(`Its state is in ${file}.`)
    else
      this.warning(
        `the emulator could not export its state to ${file}; any earlier file there is unchanged (${stopped?.logFile ? `${stopped.logFile} says why` : 'the terminal that runs it says why'}).`,
      )
    return {exported: stopped?.exported ? file : null, pid: stopped?.pid ?? null, stopped: true}
  }
}
