import {Flags} from '@oclif/core'

import {type EventJson, listEvents} from '../../api/events.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {limitOf, orgFlag} from '../../flags.js'
import {LogCommand, logFlags} from '../../logs/log-command.js'
import {eventColumns} from '../../output/events.js'
import type {ListSummary} from '../../output/list.js'

/** The JSON document it prints without --follow, written as the pages arrive. The RPC reports no total. */
export interface EventsListResult {
  events: EventJson[]
  truncated: boolean
}

export default class EventsList extends LogCommand<typeof EventsList> {
  static override description = `Lists the environment's events, newest first — the ones webhooks deliver (organization.created, organization.directory.user_created, …).
With --follow it keeps printing new events as they happen until Ctrl-C.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --since 1h',
    '<%= config.bin %> <%= command.id %> --type organization.directory.user_created --type organization.directory.user_deleted',
    '<%= config.bin %> <%= command.id %> --follow --json',
  ]
  static override flags = {
    ...logFlags,
    org: orgFlag,
    type: Flags.string({description: 'Only events of this type; repeat for several.', multiple: true}),
  }
  static override summary = "List the environment's events."

  async run(): Promise<ListSummary | undefined> {
    const since = this.since()
    const api = await this.api()
    const organizationId = this.flags.org === undefined ? undefined : await resolveOrganizationId(api, this.flags.org)
    const query = {organizationId, since, types: this.flags.type}
    return this.listOrFollow({
      columns: eventColumns,
      pages: listEvents(api, query, limitOf(this.flags)),
      source: {
        id: (event) => event.id,
        list: (from) => listEvents(api, {...query, since: from}),
        settled: () => true,
        time: (event) => Date.parse(event.occurredAt ?? '') || 0,
      },
      spec: {columns: eventColumns, key: 'events', noun: 'events'},
    })
  }
}
