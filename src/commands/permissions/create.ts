import {Args, Flags} from '@oclif/core'

import {createPermission, parsePermissionName, type PermissionJson} from '../../api/permissions.js'
import {ApiCommand} from '../../base-command.js'
import {permissionRecord} from '../../output/permissions.js'
import {safe} from '../../output/escape.js'

export default class PermissionsCreate extends ApiCommand<typeof PermissionsCreate> {
  static override args = {
    name: Args.string({
      description: 'Permission name: letters, digits, underscores and colons, e.g. invoices:read.',
      required: true,
    }),
  }
  static override description =
    'Creates a permission that roles can grant (skctl roles create --permission). Access tokens carry the permissions of the user’s roles.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> invoices:read --description "Read invoices"',
    '<%= config.bin %> <%= command.id %> invoices:write --description "Create and edit invoices" --json',
  ]
  static override flags = {
    description: Flags.string({default: '', description: 'What the permission allows (up to 2000 characters).'}),
  }
  static override summary = 'Create a permission.'

  async run(): Promise<PermissionJson> {
    const name = parsePermissionName(this.args.name)
    const permission = await createPermission(await this.api(), name, this.flags.description.trim())
    this.note(this.chalk.green(safe`Created permission ${permission.name}.`))
    this.record(permissionRecord(permission))
    return permission
  }
}
