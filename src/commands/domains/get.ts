import {Args} from '@oclif/core'

import {type DomainJson, getDomain} from '../../api/domains.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {domainRecord} from '../../output/domains.js'

export default class DomainsGet extends ApiCommand<typeof DomainsGet> {
  static override args = {
    id: Args.string({description: 'Domain id (from skctl domains list).', required: true}),
  }
  static override description =
    'Shows one domain of an organization: its type, verification status and, while verification is pending, the DNS TXT record to publish.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 dom_59615204644553227',
    '<%= config.bin %> <%= command.id %> --org acme-42 dom_59615204644553227 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Show a domain.'

  async run(): Promise<DomainJson> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const domain = await getDomain(api, organizationId, this.args.id.trim())
    this.record(domainRecord(domain))
    return domain
  }
}
