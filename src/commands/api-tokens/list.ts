import {Flags} from '@oclif/core'

import {type ApiTokenJson, listApiTokens} from '../../api/api-tokens.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, requiredOrgFlag} from '../../flags.js'
import {apiTokenColumns} from '../../output/credentials.js'
import type {ListSummary} from '../../output/list.js'

/** The JSON document it prints, written as the pages arrive. */
export interface ApiTokensListResult {
  tokens: ApiTokenJson[]
  totalSize?: number
  truncated: boolean
}

export default class ApiTokensList extends ApiCommand<typeof ApiTokensList> {
  static override description =
    "Lists an organization's API tokens that still work — never their values, only the characters they end in — newest last."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42',
    '<%= config.bin %> <%= command.id %> --org acme-42 --user jane@acme.com --json',
  ]
  static override flags = {
    ...listFlags,
    org: requiredOrgFlag,
    user: Flags.string({description: 'Only tokens of this member: id (usr_…), email or external id.'}),
  }
  static override summary = "List an organization's API tokens."

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const userId = this.flags.user === undefined ? undefined : await resolveUserId(api, this.flags.user)
    return this.list(listApiTokens(api, organizationId, {limit: limitOf(this.flags), userId}), {
      columns: apiTokenColumns,
      key: 'tokens',
      noun: 'API tokens',
    })
  }
}
