import {BaseCommand} from '../../base-command.js'
import {stopEmulator} from '../../emulator-control/stop.js'

export default class EmulatorStop extends BaseCommand<typeof EmulatorStop> {
  static override description =
    'Stops the emulator started with skctl emulator start (detached or in another terminal). State kept with --data-dir survives.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'Stop the local emulator.'

  async run(): Promise<{pid: number | null; stopped: boolean}> {
    const stopped = await stopEmulator(this.config.configDir)
    this.log(stopped ? `Stopped the emulator (pid ${stopped.pid}).` : 'No emulator was running.')
    return {pid: stopped?.pid ?? null, stopped: Boolean(stopped)}
  }
}
