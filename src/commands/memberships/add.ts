import {Flags} from '@oclif/core'

import {addMembership, type MembershipResult} from '../../api/memberships.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {metadataFlag, requiredOrgFlag, roleFlag, userFlag} from '../../flags.js'
import {assertRoleNames, parseKeyValues} from '../../input.js'
import {membershipRecord} from '../../output/memberships.js'
import {safe} from '../../output/escape.js'

export default class MembershipsAdd extends ApiCommand<typeof MembershipsAdd> {
  static override description =
    'Adds an existing user to another organization. Without --invite the membership is active at once; with it Scalekit emails an invitation.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org globex --user jane@acme.com --role member',
    '<%= config.bin %> <%= command.id %> --org globex --user usr_63261017403310090 --invite --metadata seat=42',
  ]
  static override flags = {
    invite: Flags.boolean({description: 'Send an invitation email; the membership stays pending until accepted.'}),
    metadata: metadataFlag,
    org: requiredOrgFlag,
    role: roleFlag,
    user: userFlag,
  }
  static override summary = 'Add a user to an organization.'

  async run(): Promise<MembershipResult> {
    const {flags} = this
    const metadata = parseKeyValues(flags.metadata)
    const roles = assertRoleNames(flags.role)
    const api = await this.api()
    const [organizationId, userId] = await Promise.all([
      resolveOrganizationId(api, flags.org),
      resolveUserId(api, flags.user),
    ])
    const result = await addMembership(api, organizationId, userId, {invite: flags.invite, metadata, roles})
    this.note(this.chalk.green(safe`Added ${result.user.email} to ${organizationId}.`))
    this.record(membershipRecord(result))
    return result
  }
}
