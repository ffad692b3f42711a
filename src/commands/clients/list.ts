import {listM2MClients, type M2MClientJson} from '../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, requiredOrgFlag} from '../../flags.js'
import {m2mClientColumns} from '../../output/credentials.js'
import type {ListSummary} from '../../output/list.js'

/** The JSON document it prints, written as the pages arrive. */
export interface ClientsListResult {
  clients: M2MClientJson[]
  totalSize?: number
  truncated: boolean
}

export default class ClientsList extends ApiCommand<typeof ClientsList> {
  static override description =
    "Lists an organization's M2M clients with their scopes and how many secrets each has (secrets are never shown)."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42',
    '<%= config.bin %> <%= command.id %> --org acme-42 --all --json',
  ]
  static override flags = {...listFlags, org: requiredOrgFlag}
  static override summary = "List an organization's M2M clients."

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    return this.list(listM2MClients(api, organizationId, limitOf(this.flags)), {
      columns: m2mClientColumns,
      key: 'clients',
      noun: 'M2M clients',
    })
  }
}
