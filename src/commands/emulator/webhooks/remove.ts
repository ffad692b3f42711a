import {Args} from '@oclif/core'

import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {removeWebhookEndpoint} from '../../../emulator-control/webhooks.js'

export interface EmulatorWebhooksRemoveResult {
  id: string
  removed: true
}

export default class EmulatorWebhooksRemove extends ApiCommand<typeof EmulatorWebhooksRemove> {
  static override args = {
    id: Args.string({description: 'Endpoint id (whe_…, from skctl emulator webhooks list).', required: true}),
  }
  static override description =
    'Removes a webhook endpoint from the running emulator: it gets no more events, and retries still pending for it are cancelled. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> whe_10000000000000012',
    '<%= config.bin %> <%= command.id %> whe_10000000000000012 --yes --json',
  ]
  static override summary = 'Remove a webhook endpoint from the local emulator.'

  async run(): Promise<EmulatorWebhooksRemoveResult> {
    const id = this.args.id.trim()
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    await this.confirm(`Remove webhook endpoint ${id} from the emulator at ${emulator.url}?`)
    await removeWebhookEndpoint(emulator, id)
    this.log(`Removed webhook endpoint ${id}.`)
    return {id, removed: true}
  }
}
