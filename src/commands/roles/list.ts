import {listRoles, type RoleJson, roleScope} from '../../api/roles.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, orgRolesFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {roleColumns} from '../../output/roles.js'

/** The JSON document it prints, written as the pages arrive. */
export interface RolesListResult {
  roles: RoleJson[]
  totalSize?: number
  truncated: boolean
}

export default class RolesList extends ApiCommand<typeof RolesList> {
  static override description =
    "Lists the environment's roles (the names tokens carry in their roles claim), or with --org one organization's own roles."
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --json',
  ]
  static override flags = {...listFlags, org: orgRolesFlag}
  static override summary = 'List roles.'

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = await roleScope(api, this.flags.org)
    return this.list(listRoles(api, {limit: limitOf(this.flags), organizationId}), {
      columns: roleColumns,
      key: 'roles',
      noun: 'roles',
    })
  }
}
