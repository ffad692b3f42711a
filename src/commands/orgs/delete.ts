import {Args, Flags} from '@oclif/core'

import {deleteOrganization, type OrganizationRef, parseOrganizationRef} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'

export default class OrgsDelete extends ApiCommand<typeof OrgsDelete> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.'}),
  }
  static override description =
    'Deletes an organization with its domains, connections and memberships. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --external-id acme-42 --yes --json',
  ]
  static override flags = {
    'external-id': Flags.string({description: 'Delete the organization with this external id.', exclusive: ['org']}),
  }
  static override summary = 'Delete an organization.'

  async run(): Promise<{deleted: true; id: string}> {
    const externalId = this.flags['external-id']
    const {org} = this.args
    if (!org && !externalId) throw usageError('name the organization', 'pass an id (org_…) or --external-id X')
    const ref: OrganizationRef = externalId ? {externalId} : parseOrganizationRef(org as string)
    await this.confirm(`Delete organization ${'id' in ref ? ref.id : ref.externalId}?`)
    const {id} = await deleteOrganization(await this.api(), ref)
    this.log(`Deleted organization ${id}.`)
    return {deleted: true, id}
  }
}
