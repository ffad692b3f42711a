import {Args} from '@oclif/core'

import {removeDomain} from '../../api/domains.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'

export interface DomainsRemoveResult {
  id: string
  organizationId: string
  removed: true
}

export default class DomainsRemove extends ApiCommand<typeof DomainsRemove> {
  static override args = {
    id: Args.string({description: 'Domain id (from skctl domains list).', required: true}),
  }
  static override description =
    'Removes a domain from an organization: users with emails at that domain are no longer routed to its SSO. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 dom_59615204644553227',
    '<%= config.bin %> <%= command.id %> --org acme-42 dom_59615204644553227 --yes --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Remove a domain from an organization.'

  async run(): Promise<DomainsRemoveResult> {
    const id = this.args.id.trim()
    await this.confirm(`Remove domain ${id} from organization ${this.flags.org}?`)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    await removeDomain(api, organizationId, id)
    this.log(`Removed domain ${id} from organization ${organizationId}.`)
    return {id, organizationId, removed: true}
  }
}
