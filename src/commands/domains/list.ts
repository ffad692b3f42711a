import {Flags} from '@oclif/core'

import {DOMAIN_TYPES, type DomainJson, type DomainTypeName, listDomains} from '../../api/domains.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, requiredOrgFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {domainColumns} from '../../output/domains.js'

/** The JSON document it prints, written as the pages arrive. */
export interface DomainsListResult {
  domains: DomainJson[]
  totalSize?: number
  truncated: boolean
}

export default class DomainsList extends ApiCommand<typeof DomainsList> {
  static override description =
    'Lists the domains of an organization: organization domains route SSO logins by email domain; allowed email domains let users with those emails join.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --org acme-42 --type allowed-email --json',
  ]
  static override flags = {
    ...listFlags,
    org: requiredOrgFlag,
    type: Flags.string({description: 'Only domains of this type.', options: Object.keys(DOMAIN_TYPES)}),
  }
  static override summary = "List an organization's domains."

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const type = this.flags.type as DomainTypeName | undefined
    return this.list(listDomains(api, organizationId, {limit: limitOf(this.flags), type}), {
      columns: domainColumns,
      key: 'domains',
      noun: 'domains',
    })
  }
}
