import type {Listing} from '../../api/paginate.js'
import {listPermissions, type PermissionJson} from '../../api/permissions.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags} from '../../flags.js'
import {permissionColumns} from '../../output/permissions.js'

export type PermissionsListResult = {permissions: PermissionJson[]} & Omit<Listing<PermissionJson>, 'items'>

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

  async run(): Promise<PermissionsListResult> {
    const listing = await listPermissions(await this.api(), limitOf(this.flags))
    this.showListing(listing, permissionColumns, 'permissions')
    const {items, ...rest} = listing
    return {permissions: items, ...rest}
  }
}
