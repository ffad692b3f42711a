import {Args, Flags} from '@oclif/core'

import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {addWebhookEndpoint, type NewWebhookEndpoint} from '../../../emulator-control/webhooks.js'
import {renderRecord} from '../../../output/table.js'
import {registerSecret, writeUnredacted} from '../../../redact.js'

export default class EmulatorWebhooksAdd extends ApiCommand<typeof EmulatorWebhooksAdd> {
  static override args = {
    url: Args.string({
      description: 'Where to POST events: any http or https URL, e.g. http://127.0.0.1:3000/webhooks.',
      required: true,
    }),
  }
  static override description = `Registers a webhook endpoint with the running emulator: from now on it POSTs each event (all types, or those given with --event) to URL as Scalekit does — the event envelope as JSON, signed with webhook-id, webhook-timestamp and webhook-signature headers that the SDK's verifyWebhookPayload checks.
Prints the endpoint id and its signing secret (whsec_…). The secret is shown only here: keep it for your app (it is kept with --data-dir, as the endpoint is).
Any host is accepted, since the apps an emulator serves run wherever you run them.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> http://127.0.0.1:3000/webhooks',
    '<%= config.bin %> <%= command.id %> http://localhost:3000/scim-events --description "my app" --event organization.directory.user_created --event organization.directory.user_deleted',
    'SECRET=$(<%= config.bin %> <%= command.id %> http://127.0.0.1:3000/webhooks --json | jq -r .secret)',
  ]
  static override flags = {
    description: Flags.string({description: 'A note to recognise the endpoint by.'}),
    event: Flags.string({
      description:
        'Deliver only events of this type (repeatable), e.g. organization.directory.user_created. [default: all]',
      multiple: true,
    }),
  }
  static override summary = 'Add a webhook endpoint to the local emulator.'

  async run(): Promise<void> {
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const endpoint: NewWebhookEndpoint = await addWebhookEndpoint(emulator, {
      description: this.flags.description,
      events: this.flags.event,
      url: this.args.url,
    })
    // Masked everywhere else; this output exists to show it once, so it bypasses the redactor.
    registerSecret(endpoint.secret)
    if (this.jsonEnabled()) {
      writeUnredacted(process.stdout, `${JSON.stringify(endpoint, null, 2)}\n`)
      return
    }
    const pairs: Array<[string, string]> = [
      ['id', endpoint.id],
      ['url', endpoint.url],
      ['events', endpoint.events.length === 0 ? 'all' : endpoint.events.join(', ')],
      ['description', endpoint.description],
      ['secret', endpoint.secret],
    ]
    writeUnredacted(process.stdout, `${renderRecord(pairs, this.chalk)}\n`)
    this.note('The secret is not shown again. Check a delivery with: skctl webhooks verify --secret-stdin …')
  }
}
