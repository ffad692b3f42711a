import {Args, Flags} from '@oclif/core'

import {parseRoleFields, parseRoleName, type RoleJson, roleScope, updateRole} from '../../api/roles.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {orgRolesFlag} from '../../flags.js'
import {roleRecord} from '../../output/roles.js'
import {safe} from '../../output/escape.js'

export default class RolesUpdate extends ApiCommand<typeof RolesUpdate> {
  static override args = {
    role: Args.string({description: 'Role name, e.g. billing_admin.', required: true}),
  }
  static override description =
    "Changes only the fields you pass. --permission replaces the role's own permissions with the ones given (inherited ones stay)."
  static override examples = [
    '<%= config.bin %> <%= command.id %> billing_admin --display-name "Billing administrator"',
    '<%= config.bin %> <%= command.id %> billing_admin --permission invoices:read --permission invoices:refund --json',
  ]
  static override flags = {
    description: Flags.string({description: 'New description.'}),
    'display-name': Flags.string({description: 'New display name.'}),
    extends: Flags.string({description: 'Role to inherit permissions from instead.'}),
    org: orgRolesFlag,
    permission: Flags.string({description: "The role's permissions from now on; repeat for several.", multiple: true}),
  }
  static override summary = 'Update a role.'

  async run(): Promise<RoleJson> {
    const {flags} = this
    const name = parseRoleName(this.args.role)
    const changes = parseRoleFields({
      description: flags.description,
      displayName: flags['display-name']?.trim(),
      extends: flags.extends,
      permissions: flags.permission,
    })
    if (Object.values(changes).every((v) => v === undefined)) {
      throw usageError('nothing to update', 'pass --display-name, --description, --permission or --extends')
    }
    const api = await this.api()
    const role = await updateRole(api, name, changes, await roleScope(api, flags.org))
    this.note(this.chalk.green(safe`Updated role ${role.name}.`))
    this.record(roleRecord(role))
    return role
  }
}
