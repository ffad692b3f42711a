import {type MembershipResult, updateMembership} from '../../api/memberships.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {metadataFlag, requiredOrgFlag, roleFlag, userFlag} from '../../flags.js'
import {assertRoleNames, parseKeyValues} from '../../input.js'
import {membershipRecord} from '../../output/memberships.js'

export default class MembershipsUpdate extends ApiCommand<typeof MembershipsUpdate> {
  static override description = "Replaces a member's roles (--role, repeatable) and/or metadata in one organization."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com --role admin',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user crm-981 --metadata seat=7 --json',
  ]
  static override flags = {metadata: metadataFlag, org: requiredOrgFlag, role: roleFlag, user: userFlag}
  static override summary = "Change a member's roles or metadata."

  async run(): Promise<MembershipResult> {
    const {flags} = this
    const metadata = parseKeyValues(flags.metadata)
    const roles = assertRoleNames(flags.role)
    if (!metadata && !roles) throw usageError('nothing to update', 'pass --role or --metadata')
    const api = await this.api()
    const [organizationId, userId] = await Promise.all([
      resolveOrganizationId(api, flags.org),
      resolveUserId(api, flags.user),
    ])
    const result = await updateMembership(api, organizationId, userId, {metadata, roles})
    this.record(membershipRecord(result))
    return result
  }
}
