import {Args, Flags} from '@oclif/core'

import {getOrganization, type OrganizationJson, parseOrganizationRef} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {organizationRecord} from '../../output/organizations.js'

export default class OrgsGet extends ApiCommand<typeof OrgsGet> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.'}),
  }
  static override description = 'Shows one organization with its metadata and features.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --external-id customer-42 --json',
  ]
  static override flags = {
    'external-id': Flags.string({description: 'Look the organization up by your external id.', exclusive: ['org']}),
  }
  static override summary = 'Show an organization.'

  async run(): Promise<OrganizationJson> {
    const {org} = this.args
    const externalId = this.flags['external-id']
    if (!org && !externalId) throw usageError('name the organization', 'pass an id (org_…) or --external-id X')
    const organization = await getOrganization(
      await this.api(),
      externalId ? {externalId} : parseOrganizationRef(org as string),
    )
    this.record(organizationRecord(organization))
    return organization
  }
}
