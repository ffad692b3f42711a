import {Args} from '@oclif/core'

import {resolveOrganizationId} from '../../api/organizations.js'
import {searchUsers, type UserJson} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {invalidInput} from '../../errors.js'
import {limitOf, listFlags, orgFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {userColumns} from '../../output/users.js'

/** The JSON document it prints, written as the pages arrive. */
export interface UsersSearchResult {
  users: UserJson[]
  totalSize?: number
  truncated: boolean
}

export default class UsersSearch extends ApiCommand<typeof UsersSearch> {
  static override args = {
    query: Args.string({
      description: 'Text to find in emails, names, ids and external ids (3–100 characters).',
      required: true,
    }),
  }
  static override description = 'Searches users across the environment, or among the members of one organization.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> jane',
    '<%= config.bin %> <%= command.id %> @acme.com --org acme-42 --json',
  ]
  static override flags = {...listFlags, org: orgFlag}
  static override summary = 'Search users.'

  async run(): Promise<ListSummary> {
    const query = this.args.query.trim()
    if (query.length < 3 || query.length > 100) throw invalidInput('the search query must be 3 to 100 characters long')
    const api = await this.api()
    const organizationId = this.flags.org ? await resolveOrganizationId(api, this.flags.org) : undefined
    return this.list(searchUsers(api, query, {limit: limitOf(this.flags), organizationId}), {
      columns: userColumns(organizationId),
      key: 'users',
      noun: 'matching users',
    })
  }
}
