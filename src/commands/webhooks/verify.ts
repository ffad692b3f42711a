import {Flags} from '@oclif/core'

import {verifyWebhookPayload} from '../../api/webhooks.js'
import {BaseCommand} from '../../base-command.js'
import {registerSecret} from '../../redact.js'
import {readSecretFromStdin} from '../../stdin.js'
import {readCapture} from '../../webhooks/capture.js'
import {safe} from '../../output/escape.js'

export interface WebhooksVerifyResult {
  eventId: string | null
  eventType: string | null
  signedAt: string
  valid: true
  webhookId: string
}

export default class WebhooksVerify extends BaseCommand<typeof WebhooksVerify> {
  static override description = `Checks a webhook delivery your app received, from Scalekit or the emulator, with the SDK's own verifyWebhookPayload: the webhook-signature over webhook-id, webhook-timestamp and the raw body, keyed with the endpoint's signing secret (whsec_…).
The headers file holds either a JSON object ({"webhook-id": "…", …}) or "Name: value" lines as a request log shows them; the body file holds the body exactly as received, byte for byte.
The SDK also requires webhook-timestamp to lie within 5 minutes of now and offers no way to change that, so a capture older than 5 minutes fails even when its signature is right.
The secret is read from standard input only. Exit 0 when the delivery verifies, 6 when it does not (the SDK's reason is shown).`
  static override examples = [
    'printf %s "$WEBHOOK_SECRET" | <%= config.bin %> <%= command.id %> --secret-stdin --headers headers.txt --body body.json',
    '<%= config.bin %> <%= command.id %> --secret-stdin --headers headers.json --body body.json --json < secret.txt',
  ]
  static override flags = {
    body: Flags.string({
      description: 'File with the raw request body, exactly as received (at most 1 MiB).',
      required: true,
    }),
    headers: Flags.string({
      description: 'File with the request headers: a JSON object or "Name: value" lines (at most 1 MiB).',
      required: true,
    }),
    'secret-stdin': Flags.boolean({
      description: "Read the endpoint's signing secret (whsec_…) from standard input.",
      required: true,
    }),
  }
  static override summary = 'Verify the signature of a captured webhook delivery.'

  async run(): Promise<WebhooksVerifyResult> {
    const secret = await readSecretFromStdin('--secret-stdin')
    registerSecret(secret)
    const capture = await readCapture(this.flags.headers, this.flags.body)
    const verified = await verifyWebhookPayload(secret, capture.headers, capture.body)
    const result: WebhooksVerifyResult = {
      eventId: capture.event?.id ?? null,
      eventType: capture.event?.type ?? null,
      signedAt: verified.signedAt,
      valid: true,
      webhookId: verified.webhookId,
    }
    this.log(safe`Valid signature: ${result.eventType ?? 'event'} ${result.eventId ?? result.webhookId}`)
    this.record([
      ['webhook id', result.webhookId],
      ['signed at', result.signedAt],
    ])
    return result
  }
}
