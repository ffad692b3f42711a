import {Args} from '@oclif/core'

import {type DirectoryGroupJson, listDirectoryGroups, parseUpdatedAfter} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {detailFlag, limitOf, listFlags, requiredOrgFlag, updatedAfterFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {directoryGroupColumns} from '../../output/directories.js'

/** The JSON document it prints, written as the pages arrive. */
export interface DirectoriesGroupsResult {
  groups: DirectoryGroupJson[]
  totalSize?: number
  truncated: boolean
}

export default class DirectoriesGroups extends ApiCommand<typeof DirectoriesGroups> {
  static override args = {
    id: Args.string({description: 'Directory id (dir_…).', required: true}),
  }
  static override description =
    "Lists the groups an organization's identity provider provisioned into a SCIM directory, with their member counts. --updated-after keeps the groups changed since a time (membership changes count), --detail adds Scalekit's normalised group (external id, raw SCIM attributes)."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --updated-after 2025-01-31 --json',
  ]
  static override flags = {
    ...listFlags,
    detail: detailFlag,
    org: requiredOrgFlag,
    'updated-after': updatedAfterFlag,
  }
  static override summary = 'List the groups of a SCIM directory.'

  async run(): Promise<ListSummary> {
    const updatedAfter = this.flags['updated-after'] && parseUpdatedAfter(this.flags['updated-after'])
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const pages = listDirectoryGroups(api, organizationId, this.args.id.trim(), {
      detail: this.flags.detail,
      limit: limitOf(this.flags),
      updatedAfter,
    })
    return this.list(pages, {
      columns: directoryGroupColumns,
      key: 'groups',
      noun: 'directory groups',
    })
  }
}
