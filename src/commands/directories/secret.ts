import {Args} from '@oclif/core'

import {getDirectory, hasActiveSecret, issueDirectorySecret} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {writeShownOnce} from '../../output/shown-once.js'

export default class DirectoriesSecret extends ApiCommand<typeof DirectoriesSecret> {
  static override args = {
    id: Args.string({description: 'Directory id (dir_…).', required: true}),
  }
  static override description = `Creates the bearer secret a SCIM directory authenticates its identity provider with, and prints it once with the directory's SCIM endpoint: paste both into the identity provider (Okta's "SCIM 2.0 Base URL" and "OAuth Bearer Token", Entra ID's "Tenant URL" and "Secret Token").
Only a hash is kept, so the secret cannot be shown again. When the directory already has one, this replaces it — the identity provider's current token stops working — and asks first (or takes --yes).`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --yes --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = "Create or replace a SCIM directory's bearer secret."

  async run(): Promise<void> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const directory = await getDirectory(api, organizationId, this.args.id.trim())
    if (hasActiveSecret(directory)) {
      await this.confirm(
        `Replace the bearer secret of directory ${directory.id}? The identity provider's current token stops working`,
      )
    }
    const issued = await issueDirectorySecret(api, directory)
    const record: Array<[string, string]> = [
      ['scim endpoint', issued.endpoint],
      ['bearer token', issued.token],
    ]
    writeShownOnce(issued, record, {chalk: this.chalk, json: this.jsonEnabled()})
    this.note(
      issued.replaced
        ? 'The previous secret no longer works. This one is shown once: give it to the identity provider now.'
        : 'Shown once: give it to the identity provider now.',
    )
  }
}
