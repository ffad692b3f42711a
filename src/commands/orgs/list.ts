import {listOrganizations, type OrganizationJson} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {organizationColumns} from '../../output/organizations.js'

/** The JSON document it prints, written as the pages arrive. */
export interface OrgsListResult {
  organizations: OrganizationJson[]
  totalSize?: number
  truncated: boolean
}

export default class OrgsList extends ApiCommand<typeof OrgsList> {
  static override description = 'Pages through every organization in the environment; --limit and --all decide how far.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --limit 5',
  ]
  static override flags = {...listFlags}
  static override summary = 'List organizations.'

  async run(): Promise<ListSummary> {
    return this.list(listOrganizations(await this.api(), limitOf(this.flags)), {
      columns: organizationColumns,
      key: 'organizations',
      noun: 'organizations',
    })
  }
}
