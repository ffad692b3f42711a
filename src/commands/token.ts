import {ApiCommand} from '../base-command.js'
import {writeUnredacted} from '../redact.js'

export default class Token extends ApiCommand<typeof Token> {
  static override description = `Mints a client-credentials access token for the active environment and prints it — only it — on stdout, for scripts:
  curl -H "Authorization: Bearer $(skctl token)" "$SCALEKIT_ENVIRONMENT_URL/api/v1/organizations"
Treat it like a password: it grants API access until it expires (about a day).`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'TOKEN=$(<%= config.bin %> <%= command.id %> --profile prod)',
    '<%= config.bin %> <%= command.id %> --json',
  ]
  static override summary = 'Print an API access token.'

  async run(): Promise<void> {
    const accessToken = await (await this.api()).accessToken()
    // The one output that is meant to carry a token: it bypasses the redactor, and JSON mode is written here too.
    const text = this.jsonEnabled() ? JSON.stringify({accessToken, tokenType: 'Bearer'}, null, 2) : accessToken
    writeUnredacted(process.stdout, `${text}\n`)
  }
}
