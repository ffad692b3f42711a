import {Args} from '@oclif/core'

import {getRole, parseRoleName, type RoleJson, roleScope} from '../../api/roles.js'
import {ApiCommand} from '../../base-command.js'
import {orgRolesFlag} from '../../flags.js'
import {roleRecord} from '../../output/roles.js'

export default class RolesGet extends ApiCommand<typeof RolesGet> {
  static override args = {
    role: Args.string({description: 'Role name, e.g. admin.', required: true}),
  }
  static override description =
    'Shows one role with the permissions it grants, including those it inherits from the role it extends.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> admin',
    '<%= config.bin %> <%= command.id %> billing_admin --org acme-42 --json',
  ]
  static override flags = {org: orgRolesFlag}
  static override summary = 'Show a role.'

  async run(): Promise<RoleJson> {
    const name = parseRoleName(this.args.role)
    const api = await this.api()
    const role = await getRole(api, name, await roleScope(api, this.flags.org))
    this.record(roleRecord(role))
    return role
  }
}
