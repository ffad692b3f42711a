import {type DirectoryJson, listDirectories} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, requiredOrgFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {directoryColumns} from '../../output/directories.js'

/** The JSON document it prints, written as the pages arrive. */
export interface DirectoriesListResult {
  directories: DirectoryJson[]
  totalSize?: number
  truncated: boolean
}

export default class DirectoriesList extends ApiCommand<typeof DirectoriesList> {
  static override description =
    "Lists an organization's SCIM directories with their provider, status, whether they accept provisioning, and how many users and groups they hold."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --org acme-42 --json',
  ]
  static override flags = {...listFlags, org: requiredOrgFlag}
  static override summary = "List an organization's SCIM directories."

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    return this.list(listDirectories(api, organizationId, limitOf(this.flags)), {
      columns: directoryColumns,
      key: 'directories',
      noun: 'directories',
    })
  }
}
