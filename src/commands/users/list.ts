import {resolveOrganizationId} from '../../api/organizations.js'
import {listUsers, type UserJson} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, orgFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {userColumns} from '../../output/users.js'

/** The JSON document it prints, written as the pages arrive. */
export interface UsersListResult {
  users: UserJson[]
  totalSize?: number
  truncated: boolean
}

export default class UsersList extends ApiCommand<typeof UsersList> {
  static override description =
    'Lists every user of the environment, or with --org the members of one organization with their status and roles.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --org acme-42',
    '<%= config.bin %> <%= command.id %> --all --json',
  ]
  static override flags = {...listFlags, org: orgFlag}
  static override summary = 'List users, or the members of an organization.'

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = this.flags.org ? await resolveOrganizationId(api, this.flags.org) : undefined
    const noun = organizationId ? 'members' : 'users'
    return this.list(listUsers(api, {limit: limitOf(this.flags), organizationId}), {
      columns: userColumns(organizationId),
      key: 'users',
      noun,
    })
  }
}
