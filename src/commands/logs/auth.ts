import {Flags} from '@oclif/core'

import {AUTH_STATUSES, type AuthLogJson, listAuthLogs} from '../../api/auth-logs.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {orgFlag} from '../../flags.js'
import {limitOf} from '../../flags.js'
import {LogCommand, logFlags} from '../../logs/log-command.js'
import {authLogColumns} from '../../output/auth-logs.js'
import type {ListSummary} from '../../output/list.js'

/** The JSON document it prints without --follow, written as the pages arrive. */
export interface LogsAuthResult {
  authRequests: AuthLogJson[]
  totalSize?: number
  truncated: boolean
}

export default class LogsAuth extends LogCommand<typeof LogsAuth> {
  static override description = `Lists the environment's authorization requests, newest first: when, the user's email, the organization and connection, and whether it succeeded, failed or is still pending. Filter by organization, email, status and time to answer "why did Jane's login fail?".
With --follow it keeps printing new requests (and pending ones as they end) until Ctrl-C.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --email jane@acme.com --status failed --since 1h',
    '<%= config.bin %> <%= command.id %> --org org_123 --follow',
    '<%= config.bin %> <%= command.id %> --since 2025-01-31T09:00:00Z --all --json',
  ]
  static override flags = {
    ...logFlags,
    email: Flags.string({description: "Only this user's requests (any case)."}),
    org: orgFlag,
    status: Flags.string({
      description: 'Only requests with this status; repeat for several.',
      multiple: true,
      options: [...AUTH_STATUSES],
    }),
  }
  static override summary = 'Show authentication logs: who signed in, and why a login failed.'

  async run(): Promise<ListSummary | undefined> {
    const since = this.since()
    const api = await this.api()
    const organizationId = this.flags.org === undefined ? undefined : await resolveOrganizationId(api, this.flags.org)
    const query = {email: this.flags.email, organizationId, since, statuses: this.flags.status}
    const columns = authLogColumns(this.chalk)
    return this.listOrFollow({
      columns,
      pages: listAuthLogs(api, query, limitOf(this.flags)),
      source: {
        id: (entry) => entry.authRequestId,
        list: (from) => listAuthLogs(api, {...query, since: from}),
        settled: (entry) => entry.status !== 'PENDING',
        state: (entry) => entry.status,
        time: (entry) => Date.parse(entry.timestamp ?? '') || 0,
      },
      spec: {columns, empty: 'No authentication requests.', key: 'authRequests', noun: 'authentication requests'},
    })
  }
}
