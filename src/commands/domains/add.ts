import {Args, Flags} from '@oclif/core'

import {addDomain, DOMAIN_TYPES, type DomainJson, type DomainTypeName, parseDomainName} from '../../api/domains.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {domainRecord} from '../../output/domains.js'
import {safe} from '../../output/escape.js'

export default class DomainsAdd extends ApiCommand<typeof DomainsAdd> {
  static override args = {
    name: Args.string({description: 'The domain, e.g. acme.com (no scheme or path).', required: true}),
  }
  static override description =
    "Adds a domain to an organization. An organization domain sends users with emails at that domain to the organization's SSO; an allowed email domain lets them join it. Public email domains (gmail.com, …) are refused by Scalekit."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 acme.com',
    '<%= config.bin %> <%= command.id %> --org acme-42 acme.io --type allowed-email --json',
  ]
  static override flags = {
    org: requiredOrgFlag,
    type: Flags.string({
      default: 'organization',
      description: 'What the domain is for.',
      options: Object.keys(DOMAIN_TYPES),
    }),
  }
  static override summary = 'Add a domain to an organization.'

  async run(): Promise<DomainJson> {
    const name = parseDomainName(this.args.name)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const domain = await addDomain(api, organizationId, name, this.flags.type as DomainTypeName)
    this.note(this.chalk.green(safe`Added ${domain.domain} to organization ${organizationId}.`))
    this.record(domainRecord(domain))
    return domain
  }
}
