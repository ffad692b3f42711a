import {Args} from '@oclif/core'

import {resolveOrganizationId} from '../../api/organizations.js'
import {assignRoles, type RoleAssignmentResult} from '../../api/role-assignments.js'
import {parseRoleName} from '../../api/roles.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag, userFlag} from '../../flags.js'
import {assignmentRecord} from '../../output/roles.js'
import {safe} from '../../output/escape.js'

export default class RolesAssign extends ApiCommand<typeof RolesAssign> {
  static override args = {
    role: Args.string({description: 'Role name to assign; give several to assign them all.', required: true}),
  }
  static override description =
    'Assigns one or more roles to a member of an organization. The user must already be a member (see skctl memberships add).'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --user usr_59615204644553229 admin',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com billing_admin auditor --json',
  ]
  static override flags = {org: requiredOrgFlag, user: userFlag}
  static override strict = false
  static override summary = 'Assign roles to a member of an organization.'

  async run(): Promise<RoleAssignmentResult> {
    const {argv} = await this.parse(RolesAssign)
    const roles = (argv as string[]).map((value) => parseRoleName(value))
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const userId = await resolveUserId(api, this.flags.user)
    const result = await assignRoles(api, organizationId, userId, [...new Set(roles)])
    this.note(this.chalk.green(safe`Assigned ${roles.join(', ')} to ${userId} in ${organizationId}.`))
    this.record(assignmentRecord(result))
    return result
  }
}
