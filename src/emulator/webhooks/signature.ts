import {createHmac} from 'node:crypto'

/**
 * The headers Scalekit signs a delivery with (the Svix scheme the SDK's verifyWebhookPayload checks):
 * `webhook-signature` is `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`, keyed with the base64-decoded
 * part of the secret after `whsec_`. Each attempt is signed with its own timestamp, so a retry passes the SDK's
 * ±5 minute window however late it comes.
 */
export function signatureHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  }
}
