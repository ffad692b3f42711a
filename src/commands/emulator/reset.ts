import {EMULATOR_PROFILE} from '../../emulator-control/profile.js'
import {seedEmulator} from '../../emulator-control/env-file.js'
import {RuntimeCommand} from '../../emulator-control/runtime-command.js'
import {loadEnvFile} from '../../env/load.js'
import {CliError} from '../../errors.js'

export default class EmulatorReset extends RuntimeCommand<typeof EmulatorReset> {
  static override description =
    'Deletes everything in the running emulator and seeds it again like a new Scalekit development environment (the Test Organization with its IdP-simulator connection), then, for an emulator started with --seed FILE, applies that file again (read afresh, with the ${VAR}s of this shell). Asks first; pass --yes in scripts.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --yes']
  static override summary = 'Reset the local emulator to its seed data.'

  async run(): Promise<{reset: true; seed: string | null; url: string}> {
    const runtime = this.runtime()
    const secret = await (await this.profiles()).readSecret(EMULATOR_PROFILE)
    if (!runtime || !secret)
      throw new CliError('not_found', 'no emulator is running', {hint: 'skctl emulator start --detach'})
    // The seed is checked before anything is erased: a file broken since the start leaves the data as it is.
    const seed = runtime.seed === undefined ? undefined : await loadEnvFile(runtime.seed)
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
    if (seed) await seedEmulator(runtime, secret, seed)
    this.log(`Reset the emulator at ${runtime.url}${seed ? ` to ${seed.file}` : ''}.`)
    return {reset: true, seed: seed?.file ?? null, url: runtime.url}
  }
}
