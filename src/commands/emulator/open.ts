import {Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {openInBrowser} from '../../browser.js'
import {locateEmulator} from '../../emulator-control/admin-client.js'
import {dashboardLink} from '../../emulator-control/dashboard.js'
import {escapeTerminal} from '../../output/escape.js'

export interface EmulatorOpenResult {
  /** The one-time sign-in link (it works once, within a minute). */
  url: string
  expiresAt: string
  /** Whether a browser was launched; absent with --no-open. */
  opened?: boolean
}

export default class EmulatorOpen extends ApiCommand<typeof EmulatorOpen> {
  static override description = `Opens the emulator's web dashboard in your browser, signed in: organizations with their members, domains, connections and directories; users and memberships; roles; the outbox (passwordless and invitation emails); webhook endpoints and deliveries with a Redeliver button; fault switches; reset.
The URL is printed either way. It signs in once, within a minute (the browser then keeps a session until the emulator stops); with --no-open, or when no browser can be launched, open it yourself. Without such a link the dashboard at the emulator's / asks for the emulator's client id and secret.
The emulator is the configured environment when it is one (flags, SCALEKIT_* variables, profile), else the one skctl emulator start runs.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --no-open',
    '<%= config.bin %> <%= command.id %> --json',
  ]
  static override flags = {
    open: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Launch the browser; --no-open only prints the sign-in URL.',
    }),
  }
  static override summary = "Open the local emulator's web dashboard in your browser."

  async run(): Promise<EmulatorOpenResult> {
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const link = await dashboardLink(emulator)
    this.log(escapeTerminal(link.url))
    this.note(this.chalk.dim('One-time sign-in link: it works once, within a minute.'))
    if (!this.flags.open) return link
    const {error, opened} = await openInBrowser(link.url)
    if (!opened) this.warning(`could not open a browser (${error}); open the URL above yourself.`)
    return {...link, opened}
  }
}
