import {Args} from '@oclif/core'

import {deleteConnection} from '../../api/connections.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'

export default class ConnectionsDelete extends ApiCommand<typeof ConnectionsDelete> {
  static override args = {
    id: Args.string({description: 'Connection id (conn_…).', required: true}),
  }
  static override description =
    "Deletes an SSO connection: the organization's users can no longer log in through it. Asks first; pass --yes in scripts."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 conn_59615204644553228 --yes --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Delete an SSO connection.'

  async run(): Promise<{deleted: true; id: string; organizationId: string}> {
    const id = this.args.id.trim()
    await this.confirm(`Delete connection ${id} of organization ${this.flags.org}?`)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    await deleteConnection(api, organizationId, id)
    this.log(`Deleted connection ${id}.`)
    return {deleted: true, id, organizationId}
  }
}
