import {Flags} from '@oclif/core'

import {createRole, parseRoleFields, parseRoleName, type RoleJson, roleScope} from '../../api/roles.js'
import {ApiCommand} from '../../base-command.js'
import {orgRolesFlag} from '../../flags.js'
import {roleRecord} from '../../output/roles.js'
import {safe} from '../../output/escape.js'

export default class RolesCreate extends ApiCommand<typeof RolesCreate> {
  static override description =
    'Creates a role. Its name is the key that tokens carry in their roles claim; it can extend another role to inherit its permissions.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --name billing_admin --display-name "Billing admin" --permission invoices:read --permission invoices:write',
    '<%= config.bin %> <%= command.id %> --name auditor --extends member --description "Read-only access" --json',
    '<%= config.bin %> <%= command.id %> --name acme_ops --org acme-42',
  ]
  static override flags = {
    description: Flags.string({description: 'What the role is for (up to 2000 characters).'}),
    'display-name': Flags.string({description: 'Name shown to people (up to 100 characters). [default: the name]'}),
    extends: Flags.string({description: 'Role to inherit permissions from.'}),
    name: Flags.string({description: 'Role name: 1–64 letters, digits or underscores.', required: true}),
    org: orgRolesFlag,
    permission: Flags.string({description: 'Permission the role grants; repeat for several.', multiple: true}),
  }
  static override summary = 'Create a role.'

  async run(): Promise<RoleJson> {
    const {flags} = this
    const name = parseRoleName(flags.name)
    const fields = parseRoleFields({
      description: flags.description,
      extends: flags.extends,
      permissions: flags.permission,
    })
    const displayName = flags['display-name']?.trim() || name
    const api = await this.api()
    const role = await createRole(api, {...fields, displayName, name}, await roleScope(api, flags.org))
    this.note(this.chalk.green(safe`Created role ${role.name}.`))
    this.record(roleRecord(role))
    return role
  }
}
