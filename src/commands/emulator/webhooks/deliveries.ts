import {Flags} from '@oclif/core'

import {pagesOf} from '../../../api/paginate.js'
import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {type Delivery, listDeliveries} from '../../../emulator-control/webhooks.js'
import {limitOf, listFlags} from '../../../flags.js'
import type {ListSummary} from '../../../output/list.js'
import {deliveryColumns} from '../../../output/webhooks.js'

/** The JSON document it prints. */
export interface EmulatorWebhooksDeliveriesResult {
  deliveries: Delivery[]
  totalSize?: number
  truncated: boolean
}

export default class EmulatorWebhooksDeliveries extends ApiCommand<typeof EmulatorWebhooksDeliveries> {
  static override description = `Shows the running emulator's recent webhook deliveries, oldest first: when the event occurred, its type, the endpoint, how many attempts were made, the last HTTP status (or the network error) and the state — pending (a retry is due), delivered, failed (all 8 attempts failed) or cancelled (the endpoint was removed).
The emulator keeps the last 1000 deliveries; --json includes every attempt with its time and duration.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --endpoint whe_10000000000000012 --wait --json',
  ]
  static override flags = {
    ...listFlags,
    endpoint: Flags.string({description: 'Only deliveries to this endpoint (whe_…).'}),
    wait: Flags.boolean({description: 'First wait (up to 30 s) until none of the deliveries is pending.'}),
  }
  static override summary = 'Show recent webhook deliveries of the local emulator.'

  async run(): Promise<ListSummary> {
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const deliveries = await listDeliveries(emulator, {endpointId: this.flags.endpoint?.trim(), wait: this.flags.wait})
    // The most recent ones when a limit cuts the list short.
    return this.list(pagesOf(deliveries, limitOf(this.flags), 'last'), {
      columns: deliveryColumns,
      key: 'deliveries',
      noun: 'webhook deliveries',
    })
  }
}
