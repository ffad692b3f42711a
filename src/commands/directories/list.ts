import {type DirectoryJson, listDirectories} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import type {Listing} from '../../api/paginate.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, requiredOrgFlag} from '../../flags.js'
import {directoryColumns} from '../../output/directories.js'

export type DirectoriesListResult = {directories: DirectoryJson[]} & Omit<Listing<DirectoryJson>, 'items'>

export default class DirectoriesList extends ApiCommand<typeof DirectoriesList> {
  static override description =
    "Lists an organization's SCIM directories with their provider, status, whether they accept provisioning, and how many users and groups they hold."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --org acme-42 --json',
  ]
  static override flags = {...listFlags, org: requiredOrgFlag}
  static override summary = "List an organization's SCIM directories."

  async run(): Promise<DirectoriesListResult> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const listing = await listDirectories(api, organizationId, limitOf(this.flags))
    this.showListing(listing, directoryColumns, 'directories')
    const {items, ...rest} = listing
    return {directories: items, ...rest}
  }
}
