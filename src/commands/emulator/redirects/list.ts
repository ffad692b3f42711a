import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {type EmulatorRedirects, listRedirects} from '../../../emulator-control/redirects.js'
import {matchingRule, redirectEntryColumns} from '../../../output/redirect-entries.js'

export type EmulatorRedirectsListResult = EmulatorRedirects

export default class EmulatorRedirectsList extends ApiCommand<typeof EmulatorRedirectsList> {
  static override description = `Lists the redirect URLs registered with the running emulator and where each comes from: built in (the loopback /callback URLs every environment starts with), --redirect-uri at start, or added with skctl emulator redirects add.
As a development environment the emulator also accepts any http loopback URL (localhost, 127.0.0.0/8, [::1]) on any port and path; started with --strict-redirects it accepts only the registered ones, a loopback one on any port (RFC 8252 §7.3). --json says which with "strict".`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = "List the local emulator's redirect URLs."

  async run(): Promise<EmulatorRedirectsListResult> {
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const result = await listRedirects(emulator)
    this.table(result.redirects, redirectEntryColumns)
    this.note(matchingRule(result.strict))
    return result
  }
}
