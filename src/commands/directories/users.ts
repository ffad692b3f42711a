import {Args, Flags} from '@oclif/core'

import {type DirectoryUserJson, listDirectoryUsers, parseUpdatedAfter} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {detailFlag, limitOf, listFlags, requiredOrgFlag, updatedAfterFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {directoryUserColumns} from '../../output/directories.js'

/** The JSON document it prints, written as the pages arrive. */
export interface DirectoriesUsersResult {
  users: DirectoryUserJson[]
  totalSize?: number
  truncated: boolean
}

export default class DirectoriesUsers extends ApiCommand<typeof DirectoriesUsers> {
  static override args = {
    id: Args.string({description: 'Directory id (dir_…).', required: true}),
  }
  static override description =
    "Lists the users an organization's identity provider provisioned into a SCIM directory, with their groups. --group keeps the members of one directory group, --updated-after the users changed since a time (group membership changes count), and --detail adds Scalekit's full normalised profile (active, external id, name, roles, raw SCIM attributes)."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --group dirgroup_59615204644553301',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --updated-after 2025-01-31T09:00:00Z --detail --json',
  ]
  static override flags = {
    ...listFlags,
    detail: detailFlag,
    group: Flags.string({description: 'Only the members of this directory group (dirgroup_…).'}),
    org: requiredOrgFlag,
    'updated-after': updatedAfterFlag,
  }
  static override summary = 'List the users of a SCIM directory.'

  async run(): Promise<ListSummary> {
    const updatedAfter = this.flags['updated-after'] && parseUpdatedAfter(this.flags['updated-after'])
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const pages = listDirectoryUsers(api, organizationId, this.args.id.trim(), {
      detail: this.flags.detail,
      groupId: this.flags.group?.trim(),
      limit: limitOf(this.flags),
      updatedAfter,
    })
    return this.list(pages, {
      columns: directoryUserColumns(this.flags.detail),
      key: 'users',
      noun: 'directory users',
    })
  }
}
