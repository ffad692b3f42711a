import {Args} from '@oclif/core'

import {type OrganizationJson, searchOrganizations} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {invalidInput} from '../../errors.js'
import {limitOf, listFlags} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {organizationColumns} from '../../output/organizations.js'

/** The JSON document it prints, written as the pages arrive. */
export interface OrgsSearchResult {
  organizations: OrganizationJson[]
  totalSize?: number
  truncated: boolean
}

export default class OrgsSearch extends ApiCommand<typeof OrgsSearch> {
  static override args = {
    query: Args.string({
      description: 'Text to find in names, ids and external ids (3–100 characters).',
      required: true,
    }),
  }
  static override description = 'Matches the query against organization names, ids and external ids.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> acme',
    '<%= config.bin %> <%= command.id %> acme --json',
  ]
  static override flags = {...listFlags}
  static override summary = 'Search organizations.'

  async run(): Promise<ListSummary> {
    const query = this.args.query.trim()
    if (query.length < 3 || query.length > 100) {
      throw invalidInput('the search query must be 3 to 100 characters long')
    }
    return this.list(searchOrganizations(await this.api(), query, limitOf(this.flags)), {
      columns: organizationColumns,
      key: 'organizations',
      noun: 'matching organizations',
    })
  }
}
