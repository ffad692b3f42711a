import type {EmulatorEvent} from '../events/bus.js'
import {InvalidWebhookRequestError, isValidEventType} from './endpoints.js'

const TEST_EVENT_TYPE = 'emulator.test'

/**
 * The event `POST /_emulator/events` raises: `emulator.test` by default, or any type and data a developer wants
 * their handler to see (a directory event, say) without driving the service that would raise it.
 */
export function parseTestEvent(body: unknown): EmulatorEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidWebhookRequestError('the body must be a JSON object: {"type", "object", "organizationId", "data"}')
  }
  const {type = TEST_EVENT_TYPE, object = 'Event', organizationId = '', data} = body as Record<string, unknown>
  if (!isValidEventType(type)) throw new InvalidWebhookRequestError(`${JSON.stringify(type)} is not an event type`)
  if (typeof object !== 'string' || object === '') throw new InvalidWebhookRequestError('object must be a string')
  if (typeof organizationId !== 'string') throw new InvalidWebhookRequestError('organizationId must be a string')
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new InvalidWebhookRequestError('data must be a JSON object')
  }
  return {
    type,
    object,
    organizationId,
    data: (data as Record<string, unknown> | undefined) ?? {message: 'Test event sent by the skctl emulator'},
  }
}
