import {pagesOf} from '../../../api/paginate.js'
import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {listWebhookEndpoints, type WebhookEndpoint} from '../../../emulator-control/webhooks.js'
import type {ListSummary} from '../../../output/list.js'
import {endpointColumns} from '../../../output/webhooks.js'

/** The JSON document it prints. */
export interface EmulatorWebhooksListResult {
  endpoints: WebhookEndpoint[]
}

export default class EmulatorWebhooksList extends ApiCommand<typeof EmulatorWebhooksList> {
  static override description =
    'Lists the webhook endpoints of the running emulator: id, URL, the event types each receives (all when none were given) and description. Signing secrets are shown only when an endpoint is added.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = "List the local emulator's webhook endpoints."

  async run(): Promise<ListSummary> {
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const endpoints = await listWebhookEndpoints(emulator)
    return this.list(pagesOf(endpoints), {
      columns: endpointColumns,
      empty: 'No webhook endpoints. Add one with: skctl emulator webhooks add URL',
      key: 'endpoints',
      noun: 'webhook endpoints',
      paged: false,
    })
  }
}
