import {removeMembership} from '../../api/memberships.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag, userFlag} from '../../flags.js'
import {safe} from '../../output/escape.js'

export default class MembershipsRemove extends ApiCommand<typeof MembershipsRemove> {
  static override description =
    'Takes a user out of one organization. The user keeps their other memberships, and remains (with none) until deleted with skctl users delete. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user usr_63261017403310090 --yes',
  ]
  static override flags = {org: requiredOrgFlag, user: userFlag}
  static override summary = 'Remove a user from an organization.'

  async run(): Promise<{organizationId: string; removed: true; userId: string}> {
    const {flags} = this
    const api = await this.api()
    const [organizationId, userId] = await Promise.all([
      resolveOrganizationId(api, flags.org),
      resolveUserId(api, flags.user),
    ])
    await this.confirm(`Remove ${flags.user} from ${flags.org}?`)
    await removeMembership(api, organizationId, userId)
    this.log(safe`Removed ${userId} from ${organizationId}.`)
    return {organizationId, removed: true, userId}
  }
}
