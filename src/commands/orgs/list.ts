import {listOrganizations, type OrganizationJson} from '../../api/organizations.js'
import type {Listing} from '../../api/paginate.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags} from '../../flags.js'
import {organizationColumns} from '../../output/organizations.js'

export type OrgsListResult = {organizations: OrganizationJson[]} & Omit<Listing<OrganizationJson>, 'items'>

export default class OrgsList extends ApiCommand<typeof OrgsList> {
  static override description = 'Pages through every organization in the environment; --limit and --all decide how far.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --limit 5',
  ]
  static override flags = {...listFlags}
  static override summary = 'List organizations.'

  async run(): Promise<OrgsListResult> {
    const listing = await listOrganizations(await this.api(), limitOf(this.flags))
    this.showListing(listing, organizationColumns, 'organizations')
    const {items, ...rest} = listing
    return {organizations: items, ...rest}
  }
}
