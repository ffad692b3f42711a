import {Args, Flags} from '@oclif/core'

import {type OrganizationJson, parseOrganizationRef, updateOrganization} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {metadataFlag} from '../../flags.js'
import {assertExternalId, parseKeyValues} from '../../input.js'
import {organizationRecord} from '../../output/organizations.js'
import {safe} from '../../output/escape.js'

export default class OrgsUpdate extends ApiCommand<typeof OrgsUpdate> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.', required: true}),
  }
  static override description =
    'Changes only the fields you pass. Metadata keys are merged into the existing ones; `--metadata key=` removes a key.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635 --name "Acme Corporation"',
    '<%= config.bin %> <%= command.id %> acme-42 --metadata plan=enterprise --external-id acme-0042',
  ]
  static override flags = {
    'external-id': Flags.string({description: 'New external id.'}),
    metadata: metadataFlag,
    name: Flags.string({description: 'New display name.'}),
    slug: Flags.string({description: 'New slug.'}),
  }
  static override summary = 'Update an organization.'

  async run(): Promise<OrganizationJson> {
    const {flags} = this
    const metadata = parseKeyValues(flags.metadata)
    if (flags.name === undefined && flags['external-id'] === undefined && !metadata && flags.slug === undefined) {
      throw usageError('nothing to update', 'pass --name, --external-id, --metadata or --slug')
    }
    const org = await updateOrganization(await this.api(), parseOrganizationRef(this.args.org), {
      externalId: assertExternalId(flags['external-id']),
      metadata,
      name: flags.name?.trim(),
      slug: flags.slug,
    })
    this.note(this.chalk.green(safe`Updated organization ${org.id}.`))
    this.record(organizationRecord(org))
    return org
  }
}
