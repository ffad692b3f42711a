import {Args, Flags} from '@oclif/core'

import {deleteRole, parseRoleName, roleScope} from '../../api/roles.js'
import {ApiCommand} from '../../base-command.js'
import {orgRolesFlag} from '../../flags.js'

export interface RolesDeleteResult {
  deleted: true
  name: string
  organizationId?: string
  reassignedTo?: string
}

export default class RolesDelete extends ApiCommand<typeof RolesDelete> {
  static override args = {
    role: Args.string({description: 'Role name, e.g. billing_admin.', required: true}),
  }
  static override description =
    'Deletes a role. When members still hold it, pass --reassign to move them to another role. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> billing_admin',
    '<%= config.bin %> <%= command.id %> billing_admin --reassign member --yes --json',
  ]
  static override flags = {
    org: orgRolesFlag,
    reassign: Flags.string({description: 'Role to give the members who hold the deleted one.'}),
  }
  static override summary = 'Delete a role.'

  async run(): Promise<RolesDeleteResult> {
    const name = parseRoleName(this.args.role)
    const reassign =
      this.flags.reassign === undefined ? undefined : parseRoleName(this.flags.reassign, 'role name for --reassign')
    await this.confirm(`Delete role ${name}${reassign ? ` and move its members to ${reassign}` : ''}?`)
    const api = await this.api()
    const organizationId = await roleScope(api, this.flags.org)
    await deleteRole(api, name, {organizationId, reassign})
    this.log(`Deleted role ${name}.`)
    return {deleted: true, name, organizationId, reassignedTo: reassign}
  }
}
