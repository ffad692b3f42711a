import {Args} from '@oclif/core'

import {deleteClientSecret, parseM2MClientId} from '../../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../../api/organizations.js'
import {ApiCommand} from '../../../base-command.js'
import {requiredOrgFlag} from '../../../flags.js'

export default class ClientsSecretsDelete extends ApiCommand<typeof ClientsSecretsDelete> {
  static override args = {
    client: Args.string({description: 'M2M client id (m2morg_…).', required: true}),
    secret: Args.string({description: 'Secret id (sks_…), as clients get shows it.', required: true}),
  }
  static override description =
    'Deletes one secret of an M2M client: tokens can no longer be minted with it. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423 sks_68315758802764209',
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423 sks_68315758802764209 --yes --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Delete a secret of an M2M client.'

  async run(): Promise<{clientId: string; deleted: true; secretId: string}> {
    const clientId = parseM2MClientId(this.args.client)
    const secretId = this.args.secret.trim()
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    await this.confirm(`Delete secret ${secretId} of M2M client ${clientId}?`)
    await deleteClientSecret(api, organizationId, clientId, secretId)
    this.log(`Deleted secret ${secretId} of M2M client ${clientId}.`)
    return {clientId, deleted: true, secretId}
  }
}
