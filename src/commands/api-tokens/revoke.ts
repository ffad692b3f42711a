import {Args} from '@oclif/core'

import {parseApiTokenId, revokeApiToken} from '../../api/api-tokens.js'
import {ApiCommand} from '../../base-command.js'

export default class ApiTokensRevoke extends ApiCommand<typeof ApiTokensRevoke> {
  static override args = {
    id: Args.string({description: 'Token id (apit_…), as api-tokens list shows it.', required: true}),
  }
  static override description =
    'Invalidates an API token at once: validating it fails from then on. Revoking a token already revoked succeeds.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> apit_69038819013296423',
    '<%= config.bin %> <%= command.id %> apit_69038819013296423 --json',
  ]
  static override summary = 'Revoke an API token.'

  async run(): Promise<{id: string; revoked: true}> {
    const id = parseApiTokenId(this.args.id)
    await revokeApiToken(await this.api(), id)
    this.log(`Revoked API token ${id}.`)
    return {id, revoked: true}
  }
}
