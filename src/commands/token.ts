import {Flags} from '@oclif/core'

import {mintM2MToken, parseM2MClientId} from '../api/m2m-clients.js'
import {ApiCommand} from '../base-command.js'
import {CliError} from '../errors.js'
import {registerSecret, writeUnredacted} from '../redact.js'
import {readSecretFromStdin} from '../stdin.js'

export default class Token extends ApiCommand<typeof Token> {
  static override description = `Mints a client-credentials access token for the active environment and prints it — only it — on stdout, for scripts:
  curl -H "Authorization: Bearer $(skctl token)" "$SCALEKIT_ENVIRONMENT_URL/api/v1/organizations"
With --client, mints the token of an organization's M2M client instead, as its integration would — the client's secret is read from standard input — to try your API with the scopes and claims it carries:
  printf %s "$M2M_SECRET" | skctl token --client m2morg_69038819013296423
Treat it like a password: it grants access until it expires.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'TOKEN=$(<%= config.bin %> <%= command.id %> --profile prod)',
    '<%= config.bin %> <%= command.id %> --json',
    'printf %s "$M2M_SECRET" | <%= config.bin %> <%= command.id %> --client m2morg_69038819013296423',
  ]
  static override flags = {
    client: Flags.string({
      description: 'Mint the token of this M2M client (m2morg_…); its secret is read from standard input.',
    }),
  }
  static override summary = 'Print an API access token.'

  async run(): Promise<void> {
    const accessToken =
      this.flags.client === undefined
        ? await (await this.api()).accessToken()
        : await this.clientToken(this.flags.client)
    // The one output that is meant to carry a token: it bypasses the redactor, and JSON mode is written here too.
    const text = this.jsonEnabled() ? JSON.stringify({accessToken, tokenType: 'Bearer'}, null, 2) : accessToken
    writeUnredacted(process.stdout, `${text}\n`)
  }

  /** Only the environment URL of the resolved credentials matters: the client authenticates as itself. */
  private async clientToken(client: string): Promise<string> {
    const clientId = parseM2MClientId(client)
    const clientSecret = await readSecretFromStdin('--client')
    registerSecret(clientSecret)
    const {environmentUrl} = await this.credentials()
    if (!environmentUrl) {
      throw new CliError('auth_failed', 'no environment URL (SCALEKIT_ENVIRONMENT_URL)', {
        hint: 'run skctl login, set SCALEKIT_ENVIRONMENT_URL, or pass --environment-url',
      })
    }
    return mintM2MToken(environmentUrl.value, clientId, clientSecret)
  }
}
