import {Args} from '@oclif/core'

import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {addRedirect, assertRedirectUri, type EmulatorRedirects} from '../../../emulator-control/redirects.js'

export type EmulatorRedirectsAddResult = EmulatorRedirects & {added: string}

export default class EmulatorRedirectsAdd extends ApiCommand<typeof EmulatorRedirectsAdd> {
  static override args = {
    url: Args.string({
      description: 'The redirect URL to allow: absolute http or https, no query or fragment, at most 256 characters.',
      required: true,
    }),
  }
  static override description = `Registers a redirect URL (allowed callback, post-logout or initiate-login URL) with the running emulator, as you would in the Scalekit dashboard. It is kept with --data-dir and survives skctl emulator reset only if it was given at start.
Loopback URLs need no registration unless the emulator runs with --strict-redirects; other hosts (https://app.test/callback, a tunnel) always do. A registered loopback URL matches on any port.
Adding a URL that is already registered changes nothing.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> https://app.example.test/api/auth/callback',
    '<%= config.bin %> <%= command.id %> http://localhost:3000/api/auth/callback --json',
  ]
  static override summary = 'Register a redirect URL with the local emulator.'

  async run(): Promise<EmulatorRedirectsAddResult> {
    const uri = this.args.url.trim()
    assertRedirectUri(uri)
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const result = await addRedirect(emulator, uri)
    this.log(`Registered redirect URL ${uri}.`)
    return {...result, added: uri}
  }
}
