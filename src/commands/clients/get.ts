import {Args} from '@oclif/core'

import {getM2MClient, type M2MClientJson, parseM2MClientId} from '../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {m2mClientRecord} from '../../output/credentials.js'

export default class ClientsGet extends ApiCommand<typeof ClientsGet> {
  static override args = {
    id: Args.string({description: 'M2M client id (m2morg_…).', required: true}),
  }
  static override description =
    'Shows an M2M client: scopes, audience, claims, token lifetime, and its secrets by id and last characters — never their values.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423',
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Show an M2M client.'

  async run(): Promise<M2MClientJson> {
    const clientId = parseM2MClientId(this.args.id)
    const api = await this.api()
    const client = await getM2MClient(api, await resolveOrganizationId(api, this.flags.org), clientId)
    this.record(m2mClientRecord(client))
    return client
  }
}
