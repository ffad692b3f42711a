import {Flags} from '@oclif/core'

import {Api} from '../../../api/client.js'
import {resolveOrganizationId} from '../../../api/organizations.js'
import {readData} from '../../../api/rest.js'
import {ApiCommand} from '../../../base-command.js'
import {locateEmulator} from '../../../emulator-control/admin-client.js'
import {type SentEvent, sendTestEvent} from '../../../emulator-control/webhooks.js'
import {orgFlag} from '../../../flags.js'
import {safe, styled} from '../../../output/escape.js'
import {count} from '../../../output/plural.js'

export type EmulatorWebhooksTestResult = SentEvent

export default class EmulatorWebhooksTest extends ApiCommand<typeof EmulatorWebhooksTest> {
  static override description = `Raises an event in the running emulator, which delivers it to every endpoint subscribed to its type like any other event: signed, retried, listed by skctl emulator webhooks deliveries.
By default it is an emulator.test event; --type, --object, --org and --data send any event shape your handler should see (a directory event, for example) without provisioning anything.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    `<%= config.bin %> <%= command.id %> --type organization.directory.user_created --object DirectoryUser --org acme-42 --data '{"email":"jane@example.com","active":true}'`,
    '<%= config.bin %> <%= command.id %> --type organization.directory.group_created --data @group.json --json',
  ]
  static override flags = {
    data: Flags.string({
      description: "The event's data: a JSON object, @file, or @- for standard input (at most 1 MiB).",
    }),
    object: Flags.string({description: 'The envelope\'s object, e.g. DirectoryUser. [default: "Event"]'}),
    org: orgFlag,
    type: Flags.string({description: 'Event type. [default: emulator.test]'}),
  }
  static override summary = 'Send a test event to the local emulator’s webhook endpoints.'

  async run(): Promise<EmulatorWebhooksTestResult> {
    const data = this.flags.data === undefined ? undefined : await readData(this.flags.data)
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    // The envelope's organization_id: null unless --org names one.
    const organizationId =
      this.flags.org === undefined
        ? undefined
        : await resolveOrganizationId(
            new Api({clientId: emulator.clientId, clientSecret: emulator.clientSecret, environmentUrl: emulator.url}),
            this.flags.org,
          )
    const result = await sendTestEvent(emulator, {
      data: data as Record<string, unknown> | undefined,
      object: this.flags.object,
      organizationId,
      type: this.flags.type,
    })
    const endpoints = result.endpoints.length
    if (endpoints === 0) {
      this.warning(`no endpoint receives ${result.event.type} events; add one with skctl emulator webhooks add URL`)
    } else {
      this.log(
        safe`Sent ${result.event.type} to ${styled(count(endpoints, 'endpoint'))}: ${result.endpoints.join(', ')}`,
      )
      this.note('Follow the deliveries with: skctl emulator webhooks deliveries')
    }
    return result
  }
}
