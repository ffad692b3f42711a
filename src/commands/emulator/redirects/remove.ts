import {Args} from '@oclif/core'

import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {type EmulatorRedirects, removeRedirect} from '../../../emulator-control/redirects.js'

export type EmulatorRedirectsRemoveResult = EmulatorRedirects & {removed: string}

export default class EmulatorRedirectsRemove extends ApiCommand<typeof EmulatorRedirectsRemove> {
  static override args = {
    url: Args.string({
      description: 'A registered redirect URL, exactly as skctl emulator redirects list shows it.',
      required: true,
    }),
  }
  static override description = `Unregisters a redirect URL from the running emulator: authorize and logout requests with it are refused from now on (unless it is a loopback URL and the emulator is not strict). skctl emulator redirects add puts it back.
The built-in loopback /callback URLs cannot be removed. A URL given with --redirect-uri at start is removed until the emulator is started with it again. Exit code 4 when the URL is not registered.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> https://app.example.test/api/auth/callback',
    '<%= config.bin %> <%= command.id %> http://localhost:3000/api/auth/callback --json',
  ]
  static override summary = 'Unregister a redirect URL from the local emulator.'

  async run(): Promise<EmulatorRedirectsRemoveResult> {
    const uri = this.args.url.trim()
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const result = await removeRedirect(emulator, uri)
    this.log(`Removed redirect URL ${uri}.`)
    return {...result, removed: uri}
  }
}
