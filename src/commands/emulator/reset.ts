import {BaseCommand} from '../../base-command.js'
import {EMULATOR_PROFILE} from '../../emulator-control/profile.js'
import {readRuntime} from '../../emulator-control/runtime.js'
import {CliError} from '../../errors.js'

export default class EmulatorReset extends BaseCommand<typeof EmulatorReset> {
  static override description =
    'Deletes everything in the running emulator and seeds it again like a new Scalekit development environment (the Test Organization with its IdP-simulator connection). Asks first; pass --yes in scripts.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --yes']
  static override summary = 'Reset the local emulator to its seed data.'

  async run(): Promise<{reset: true; url: string}> {
    const runtime = readRuntime(this.config.configDir)
    const secret = await (await this.profiles()).readSecret(EMULATOR_PROFILE)
    if (!runtime || !secret)
      throw new CliError('not_found', 'no emulator is running', {hint: 'skctl emulator start --detach'})
    await this.confirm(`Erase all data in the emulator at ${runtime.url}?`)
    const basic = Buffer.from(`${runtime.clientId}:${secret}`).toString('base64')
    const res = await fetch(`${runtime.url}/_emulator/reset`, {
      headers: {authorization: `Basic ${basic}`},
      method: 'POST',
    }).catch((error: Error) => {
      throw new CliError('unreachable', `cannot reach the emulator at ${runtime.url} (${error.message})`, {
        hint: 'skctl emulator status',
      })
    })
    if (!res.ok) throw new CliError('api_error', `the emulator refused the reset (HTTP ${res.status})`)
    this.log(`Reset the emulator at ${runtime.url}.`)
    return {reset: true, url: runtime.url}
  }
}
