import {CliError, invalidInput} from '../errors.js'
import {loadSdk} from './client.js'

export interface VerifiedWebhook {
  webhookId: string
  /** When the delivery was signed (RFC 3339), from `webhook-timestamp`. */
  signedAt: string
}

/** The SDK's own words for each failure, with what to do about it. */
const HINTS: Record<string, string> = {
  'Missing required headers': 'the headers file needs webhook-id, webhook-timestamp and webhook-signature',
  'Invalid Signature':
    "check that the secret is this endpoint's (whsec_…) and that the body file holds the exact bytes received, with no newline added",
  'Invalid Signature Headers': 'webhook-timestamp must be a Unix time in seconds',
  'Message timestamp too old':
    'the SDK accepts a delivery only within 5 minutes of its webhook-timestamp, so an older capture always fails this check; capture a fresh delivery',
  'Message timestamp too new':
    'the SDK accepts a delivery only within 5 minutes of its webhook-timestamp; check this machine’s clock',
}

/**
 * Checks a delivery exactly as an app would, with the SDK's verifyWebhookPayload: the signature over
 * `${webhook-id}.${webhook-timestamp}.${body}` and a timestamp within ±5 minutes of now (the SDK has no option to
 * widen that window or move "now"). Throws a `check_failed` CliError carrying the SDK's reason.
 */
export async function verifyWebhookPayload(
  secret: string,
  headers: Record<string, string>,
  body: string,
): Promise<VerifiedWebhook> {
  const {ScalekitClient} = await loadSdk()
  // Verification is local: the client's environment URL and credentials are never used.
  const client = new ScalekitClient('http://127.0.0.1', 'unused', 'unused')
  try {
    client.verifyWebhookPayload(secret, headers, body)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    if (reason === 'Invalid secret') {
      throw invalidInput('the secret is not a webhook signing secret', 'pipe the whsec_… secret of the endpoint')
    }
    throw new CliError('check_failed', `the webhook does not verify: ${reason}`, {cause: error, hint: HINTS[reason]})
  }
  return {
    webhookId: headers['webhook-id']!,
    // Read as the SDK reads it.
    signedAt: new Date(Number.parseInt(headers['webhook-timestamp']!, 10) * 1000).toISOString(),
  }
}
