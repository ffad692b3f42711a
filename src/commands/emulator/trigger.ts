import {Args, Flags} from '@oclif/core'

import {readData} from '../../api/rest.js'
import {ApiCommand} from '../../base-command.js'
import {requireEmulator} from '../../emulator-control/admin-client.js'
import {parseOverride, type TriggeredEvent, triggerEvent} from '../../emulator-control/trigger.js'
import {invalidInput} from '../../errors.js'
import {safe, styled} from '../../output/escape.js'
import {count} from '../../output/plural.js'

export type EmulatorTriggerResult = TriggeredEvent

export default class EmulatorTrigger extends ApiCommand<typeof EmulatorTrigger> {
  static override args = {
    event: Args.string({
      description: 'The event type, e.g. organization.created, user.login, organization.directory.user_created.',
      required: true,
    }),
  }
  static override description = `Raises an event of any type Scalekit sends — organization (organization.created, .updated, .deleted), user (user.signup, user.login, user.logout), membership (user.organization_invitation, user.organization_membership_created, _updated, _deleted), SSO connection (organization.sso_created, _enabled, _disabled, _deleted) and directory events (organization.directory_enabled, _disabled, organization.directory.user_created, …, group_deleted) — and delivers it to the emulator's webhook endpoints like any other event: the same envelope, signed with each endpoint's secret, retried.
The data is built from the emulator's records of the organization given by --org (the first organization by default): its first member, connection, directory, directory user or group. Where it has none yet, a sample shaped like Scalekit's is built around it, and the output says so.
--data replaces the data with your own JSON object; --set path=value then changes single fields (dotted paths; values are JSON when they read as JSON, else text).
Only for the local emulator: a real environment's webhooks are configured in its dashboard.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> organization.created',
    '<%= config.bin %> <%= command.id %> user.organization_membership_created --org acme-42 --set user.email=jane@acme.com',
    '<%= config.bin %> <%= command.id %> organization.directory.user_created --set active=false --set roles.0.role_name=admin',
    '<%= config.bin %> <%= command.id %> organization.sso_enabled --data @connection.json --json',
  ]
  static override flags = {
    data: Flags.string({
      description: "The event's data as a JSON object, @file, or @- for standard input (at most 1 MiB).",
    }),
    org: Flags.string({
      description: 'Organization the event is about: id (org_…) or external id. [default: the first]',
    }),
    set: Flags.string({
      description: 'Change one field of the data: path=value, e.g. user.email=jane@acme.com (repeatable).',
      multiple: true,
    }),
  }
  static override summary = 'Send any Scalekit webhook event from the local emulator.'

  async run(): Promise<EmulatorTriggerResult> {
    const set = (this.flags.set ?? []).map((text) => parseOverride(text))
    const data = this.flags.data === undefined ? undefined : await readData(this.flags.data)
    if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
      throw invalidInput('--data must be a JSON object', 'e.g. --data \'{"email":"jane@acme.com"}\'')
    }
    const emulator = await requireEmulator(
      this.config.configDir,
      await this.credentials(),
      () => this.profiles(),
      'skctl emulator trigger',
    )
    const result = await triggerEvent(emulator, {
      data: data as Record<string, unknown> | undefined,
      organization: this.flags.org?.trim(),
      set,
      type: this.args.event.trim(),
    })
    const endpoints = result.endpoints.length
    if (result.sample) {
      this.note('The organization has no such record yet: the data is a sample built around it.')
    }
    if (endpoints === 0) {
      this.log(safe`Raised ${result.event.type} ${result.event.id}`)
      this.warning(
        `no endpoint receives ${result.event.type} events; add one with skctl emulator webhooks add URL, or run skctl emulator listen --forward-to URL`,
      )
    } else {
      this.log(
        safe`Sent ${result.event.type} ${result.event.id} to ${styled(count(endpoints, 'endpoint'))}: ${result.endpoints.join(', ')}`,
      )
    }
    return result
  }
}
