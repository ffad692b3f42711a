import {randomBytes} from 'node:crypto'
import type {EmulatorEvent} from '../events/bus.js'

/** Scalekit's webhook event object (reference/webhooks/event-object). */
export interface WebhookEnvelope {
  spec_version: '1'
  id: string
  object: string
  environment_id: string
  occurred_at: string
  /** null for events that belong to no organization, such as `emulator.test` sent without one. */
  organization_id: string | null
  type: string
  data: Record<string, unknown>
}

const SEVENTEEN_DIGITS = 9n * 10n ** 16n

/**
 * `evt_` and 17 digits, like every emulator id, but random: events are not stored, so the store's counter (which
 * a restart recovers only from stored records) could hand the same event id out twice.
 */
export function newEventId(): string {
  return randomId('evt')
}

/** `<prefix>_` and 17 random digits: the id of something that is never stored (an event, a sample record). */
export function randomId(prefix: string): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`) % SEVENTEEN_DIGITS
  return `${prefix}_${10n ** 16n + random}`
}

export function buildEnvelope(event: EmulatorEvent, environmentId: string, now = new Date()): WebhookEnvelope {
  return {
    spec_version: '1',
    id: event.id ?? newEventId(),
    object: event.object,
    environment_id: environmentId,
    occurred_at: now.toISOString(),
    organization_id: event.organizationId || null,
    type: event.type,
    data: event.data,
  }
}
