import {Args} from '@oclif/core'

import {deleteM2MClient, parseM2MClientId} from '../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'

export default class ClientsDelete extends ApiCommand<typeof ClientsDelete> {
  static override args = {
    id: Args.string({description: 'M2M client id (m2morg_…).', required: true}),
  }
  static override description =
    'Deletes an M2M client with all its secrets: the integration can no longer get tokens. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423',
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423 --yes --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Delete an M2M client.'

  async run(): Promise<{deleted: true; id: string}> {
    const id = parseM2MClientId(this.args.id)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    await this.confirm(`Delete M2M client ${id} and its secrets?`)
    await deleteM2MClient(api, organizationId, id)
    this.log(`Deleted M2M client ${id}.`)
    return {deleted: true, id}
  }
}
