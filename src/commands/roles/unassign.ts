import {Args} from '@oclif/core'

import {resolveOrganizationId} from '../../api/organizations.js'
import {type RoleRemovalResult, unassignRole} from '../../api/role-assignments.js'
import {parseRoleName} from '../../api/roles.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag, userFlag} from '../../flags.js'
import {safe} from '../../output/escape.js'

export default class RolesUnassign extends ApiCommand<typeof RolesUnassign> {
  static override args = {
    role: Args.string({description: 'Role name to take away.', required: true}),
  }
  static override description =
    'Takes a role away from a member of an organization. The membership itself stays; see skctl memberships remove for that.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --user usr_59615204644553229 admin',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com billing_admin --json',
  ]
  static override flags = {org: requiredOrgFlag, user: userFlag}
  static override summary = 'Take a role away from a member of an organization.'

  async run(): Promise<RoleRemovalResult> {
    const role = parseRoleName(this.args.role)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const userId = await resolveUserId(api, this.flags.user)
    const result = await unassignRole(api, organizationId, userId, role)
    this.log(safe`Removed role ${role} from ${userId} in ${organizationId}.`)
    return result
  }
}
