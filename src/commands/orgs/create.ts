import {Flags} from '@oclif/core'

import {createOrganization, type OrganizationJson} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {invalidInput} from '../../errors.js'
import {metadataFlag} from '../../flags.js'
import {assertExternalId, parseKeyValues} from '../../input.js'
import {organizationRecord} from '../../output/organizations.js'
import {safe} from '../../output/escape.js'

export default class OrgsCreate extends ApiCommand<typeof OrgsCreate> {
  static override description =
    'Creates an organization for an enterprise customer. Keep your own id for it as --external-id so you can find it later.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --name "Acme Corp"',
    '<%= config.bin %> <%= command.id %> --name "Acme Corp" --external-id acme-42 --metadata plan=enterprise --metadata region=eu',
  ]
  static override flags = {
    'external-id': Flags.string({description: 'Your own id for this customer (unique in the environment).'}),
    metadata: metadataFlag,
    name: Flags.string({description: 'Display name (1–200 characters).', required: true}),
    slug: Flags.string({description: 'URL-safe short name.'}),
  }
  static override summary = 'Create an organization.'

  async run(): Promise<OrganizationJson> {
    const name = this.flags.name.trim()
    if (!name) throw invalidInput('--name must not be empty')
    const metadata = parseKeyValues(this.flags.metadata)
    const org = await createOrganization(await this.api(), {
      externalId: assertExternalId(this.flags['external-id']),
      metadata,
      name,
      slug: this.flags.slug,
    })
    this.note(this.chalk.green(safe`Created organization ${org.id}.`))
    this.record(organizationRecord(org))
    return org
  }
}
