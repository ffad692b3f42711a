import {resendInvite} from '../../api/memberships.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag, userFlag} from '../../flags.js'

export default class MembershipsResendInvite extends ApiCommand<typeof MembershipsResendInvite> {
  static override description = 'Sends the invitation email again for a membership that is still pending.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --user sam@acme.com',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user usr_63261017403310090 --json',
  ]
  static override flags = {org: requiredOrgFlag, user: userFlag}
  static override summary = 'Resend a pending invitation.'

  async run(): Promise<{organizationId: string; resent: true; userId: string}> {
    const api = await this.api()
    const [organizationId, userId] = await Promise.all([
      resolveOrganizationId(api, this.flags.org),
      resolveUserId(api, this.flags.user),
    ])
    await resendInvite(api, organizationId, userId)
    this.log(`Invitation sent again to ${this.flags.user}.`)
    return {organizationId, resent: true, userId}
  }
}
