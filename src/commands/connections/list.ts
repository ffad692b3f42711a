import {Flags} from '@oclif/core'

import {
  type ConnectionFilter,
  type ConnectionSummaryJson,
  listConnections,
  parseEmailDomain,
} from '../../api/connections.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, orgFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {connectionColumns} from '../../output/connections.js'

/** The JSON document it prints, written as the pages arrive. */
export interface ConnectionsListResult {
  connections: ConnectionSummaryJson[]
  totalSize?: number
  truncated: boolean
}

export default class ConnectionsList extends ApiCommand<typeof ConnectionsList> {
  static override description =
    'Lists the SSO connections of one organization (--org), or answers "does this email domain have SSO?" (--domain, which also takes an email address). No connection for a domain is an answer, not an error: the list is empty and the exit code 0.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --domain acme.com',
    '<%= config.bin %> <%= command.id %> --domain jane@acme.com --json',
  ]
  static override flags = {
    ...listFlags,
    domain: Flags.string({
      description: 'Email domain, or an email address, whose SSO connections to find.',
      exactlyOne: ['org', 'domain'],
    }),
    org: orgFlag,
  }
  static override summary = 'List SSO connections of an organization or an email domain.'

  async run(): Promise<ListSummary> {
    const domain = this.flags.domain === undefined ? undefined : parseEmailDomain(this.flags.domain)
    const api = await this.api()
    const filter: ConnectionFilter = domain
      ? {domain}
      : {organizationId: await resolveOrganizationId(api, this.flags.org as string)}
    const noun = domain ? `SSO connections for ${domain}` : 'connections'
    return this.list(listConnections(api, filter, limitOf(this.flags)), {
      columns: connectionColumns(Boolean(domain)),
      key: 'connections',
      noun,
    })
  }
}
