import {listPermissions, type PermissionJson} from '../../api/permissions.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {permissionColumns} from '../../output/permissions.js'

/** The JSON document it prints, written as the pages arrive. */
export interface PermissionsListResult {
  permissions: PermissionJson[]
  totalSize?: number
  truncated: boolean
}

export default class PermissionsList extends ApiCommand<typeof PermissionsList> {
  static override description =
    'Pages through the permissions of the environment, yours and those Scalekit defines; --limit and --all decide how far.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --limit 20',
  ]
  static override flags = {...listFlags}
  static override summary = 'List permissions.'

  async run(): Promise<ListSummary> {
    return this.list(listPermissions(await this.api(), limitOf(this.flags)), {
      columns: permissionColumns,
      key: 'permissions',
      noun: 'permissions',
    })
  }
}
