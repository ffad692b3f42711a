import {Args} from '@oclif/core'

import {deletePermission, parsePermissionName} from '../../api/permissions.js'
import {ApiCommand} from '../../base-command.js'

export default class PermissionsDelete extends ApiCommand<typeof PermissionsDelete> {
  static override args = {
    name: Args.string({description: 'Permission name, e.g. invoices:read.', required: true}),
  }
  static override description =
    'Deletes a permission; roles that granted it no longer do. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> invoices:read',
    '<%= config.bin %> <%= command.id %> invoices:read --yes --json',
  ]
  static override summary = 'Delete a permission.'

  async run(): Promise<{deleted: true; name: string}> {
    const name = parsePermissionName(this.args.name)
    await this.confirm(`Delete permission ${name}?`)
    await deletePermission(await this.api(), name)
    this.log(`Deleted permission ${name}.`)
    return {deleted: true, name}
  }
}
