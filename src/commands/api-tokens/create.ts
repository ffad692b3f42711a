import {Flags} from '@oclif/core'

import {createApiToken} from '../../api/api-tokens.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {claimFlag, parseClaims} from '../../claims.js'
import {requiredOrgFlag} from '../../flags.js'
import {apiTokenRecord} from '../../output/credentials.js'
import {writeShownOnce} from '../../output/shown-once.js'

export default class ApiTokensCreate extends ApiCommand<typeof ApiTokensCreate> {
  static override description = `Issues an opaque API token for an organization — or for one of its members with --user — that the customer's integration presents to your API; your API checks it with the SDK's token.validateToken, which returns the organization, user and claims.
The token is printed once (in --json, as the "token" field) and is neither stored nor shown again: Scalekit keeps only a hash. Revoke it with skctl api-tokens revoke.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --description "Acme billing sync"',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com --claim team=payments --json',
  ]
  static override flags = {
    claim: claimFlag,
    description: Flags.string({description: 'What the token is for (at most 255 characters).'}),
    org: requiredOrgFlag,
    user: Flags.string({
      description: 'Scope the token to this member of the organization: id (usr_…), email or external id.',
    }),
  }
  static override summary = 'Create an API token (shown once).'

  async run(): Promise<void> {
    const customClaims = parseClaims(this.flags.claim)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const userId = this.flags.user === undefined ? undefined : await resolveUserId(api, this.flags.user)
    const created = await createApiToken(api, organizationId, {
      customClaims,
      description: this.flags.description,
      userId,
    })
    writeShownOnce(created, [...apiTokenRecord(created.tokenInfo), ['token', created.token]], {
      chalk: this.chalk,
      json: this.jsonEnabled(),
    })
    this.note('Shown once: store it now. It cannot be shown again.')
  }
}
