import {Flags} from '@oclif/core'

import {ApiCommand} from '../../base-command.js'
import {requireEmulator} from '../../emulator-control/admin-client.js'
import {checkForwardUrl, type ForwardedDelivery, startForwarder} from '../../emulator-control/listen.js'
import {checkEventTypes} from '../../emulator-control/trigger.js'
import {addWebhookEndpoint, removeWebhookEndpoint} from '../../emulator-control/webhooks.js'
import {escapeTerminal, safe, styled} from '../../output/escape.js'
import {registerSecret, writeUnredacted} from '../../redact.js'

/** The first JSON line: where events go and the secret the app checks their signatures with. */
export interface ListenReady {
  endpoint: string
  events: string[]
  forwardTo: string
  secret: string
}

export default class EmulatorListen extends ApiCommand<typeof EmulatorListen> {
  static override description = `Registers a temporary webhook endpoint with the running emulator and forwards every event it delivers to your app at --forward-to: the same body and signature headers, so your handler checks them with the SDK's verifyWebhookPayload and the signing secret printed at start (a secret of the local emulator, made for this session). Each delivery is printed as it happens: time, event type, event id, your app's status code and how long it took. The app's status goes back to the emulator, which retries failures as Scalekit does.
Ctrl-C or SIGTERM removes the endpoint and exits 130. With --json, one JSON object per line: first {endpoint, events, forwardTo, secret}, then one per delivery.
Only for the local emulator: a real environment's webhooks are configured in its dashboard (Developers > Webhooks).`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --forward-to http://localhost:3000/api/webhooks',
    '<%= config.bin %> <%= command.id %> --forward-to http://localhost:3000/api/webhooks --events organization.directory.user_created,organization.directory.user_deleted',
    '<%= config.bin %> <%= command.id %> --forward-to http://127.0.0.1:8000/webhooks --json',
  ]
  static override flags = {
    events: Flags.string({
      description: 'Only these event types, separated by commas, e.g. user.login,organization.created. [default: all]',
    }),
    'forward-to': Flags.string({
      description: "Your app's webhook URL, e.g. http://localhost:3000/api/webhooks.",
      required: true,
    }),
  }
  static override summary = "Forward the local emulator's webhook events to your app, and watch them."

  protected override get jsonLines(): boolean {
    return true
  }

  async run(): Promise<void> {
    const forwardTo = checkForwardUrl(this.flags['forward-to'])
    const events = (this.flags.events ?? '')
      .split(',')
      .map((type) => type.trim())
      .filter(Boolean)
    const emulator = await requireEmulator(
      this.config.configDir,
      await this.credentials(),
      () => this.profiles(),
      'skctl emulator listen',
    )
    await checkEventTypes(emulator, events)
    const forwarder = await startForwarder(forwardTo, (delivery) => this.show(delivery))
    this.onCleanup(() => forwarder.close())
    const endpoint = await addWebhookEndpoint(emulator, {
      description: `skctl emulator listen (pid ${process.pid}) → ${forwardTo}`,
      events,
      url: forwarder.url,
    })
    this.onCleanup(async () => {
      await removeWebhookEndpoint(emulator, endpoint.id).catch((error: Error) => {
        this.warning(`could not remove the endpoint ${endpoint.id}: ${error.message}`)
      })
    })
    process.once('SIGTERM', () => void this.interrupted())
    // Shown once, as `webhooks add` does: the app needs it, and it lives only as long as this endpoint.
    registerSecret(endpoint.secret)
    if (this.jsonEnabled()) {
      const ready: ListenReady = {endpoint: endpoint.id, events, forwardTo, secret: endpoint.secret}
      writeUnredacted(process.stdout, `${JSON.stringify(ready)}\n`)
    } else {
      const which = events.length === 0 ? 'every event' : events.join(', ')
      writeUnredacted(
        process.stderr,
        `Ready: forwarding ${which} to ${forwardTo} (endpoint ${endpoint.id}).\n` +
          `Your app checks the signatures with this signing secret (SCALEKIT_WEBHOOK_SECRET): ${endpoint.secret}\n` +
          `${this.chalk.dim('Ctrl-C to stop; the endpoint is then removed.')}\n`,
      )
    }
    // Runs until Ctrl-C or SIGTERM, which end the process through the cleanups (exit 130).
    await new Promise<never>(() => {})
  }

  private show(delivery: ForwardedDelivery): void {
    if (this.jsonEnabled()) {
      this.logJson(delivery)
      return
    }
    const time = delivery.time.slice(11, 19)
    const answer =
      delivery.status === undefined
        ? this.chalk.red(`failed: ${escapeTerminal(delivery.error ?? 'no answer')}`)
        : (delivery.status < 300 ? this.chalk.green : this.chalk.red)(`→ ${delivery.status}`)
    this.log(safe`${time}  ${delivery.type}  ${delivery.id}  ${styled(answer)}  ${delivery.latencyMs} ms`)
  }
}
