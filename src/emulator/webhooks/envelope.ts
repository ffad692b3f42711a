import type {EmulatorEvent} from '../events/bus.js'
import {newEventId} from '../events/event-id.js'

export {newEventId, randomId} from '../events/event-id.js'

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

/** An event the bus recorded keeps its id and time, so the webhook and the events list show the same event. */
export function buildEnvelope(
  event: EmulatorEvent & {occurredAt?: Date},
  environmentId: string,
  now = new Date(),
): WebhookEnvelope {
  return {
    spec_version: '1',
    id: event.id ?? newEventId(),
    object: event.object,
    environment_id: environmentId,
    occurred_at: (event.occurredAt ?? now).toISOString(),
    organization_id: event.organizationId || null,
    type: event.type,
    data: event.data,
  }
}
