import {BoundedLog} from './bounded-log.js'
import {newEventId} from './event-id.js'

/**
 * Domain events raised by emulator services (directory changes and the like). Webhook delivery subscribes here;
 * services only emit. `type` is the Scalekit event type (`organization.directory.user_created`), `object` the
 * envelope's object name (`DirectoryUser`), `data` the event's `data` member in Scalekit's snake_case shape.
 */
export interface EmulatorEvent {
  /** The envelope's `evt_…` id when the raiser needs to know it in advance; a new one otherwise. */
  id?: string
  type: string
  object: string
  organizationId: string
  data: Record<string, unknown>
}

/** An event as the bus recorded it: with the id and time its webhook and the events list (EventsService) show. */
export interface RecordedEvent extends EmulatorEvent {
  id: string
  occurredAt: Date
}

export type EventListener = (event: RecordedEvent) => void

/** How many events the bus keeps for EventsService ListEventsPaginated: the newest ones. */
export const EVENT_HISTORY_CAPACITY = 10_000

export class EventBus {
  private readonly listeners = new Set<EventListener>()
  /** The newest EVENT_HISTORY_CAPACITY events emitted, oldest first; in memory only, like webhook deliveries. */
  readonly history = new BoundedLog<RecordedEvent>(EVENT_HISTORY_CAPACITY)

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Synchronous fan-out; a listener must not throw (delivery is its own concern, done asynchronously). */
  emit(event: EmulatorEvent): void {
    const recorded: RecordedEvent = {...event, id: event.id ?? newEventId(), occurredAt: new Date()}
    this.history.append(recorded)
    for (const listener of this.listeners) listener(recorded)
  }
}
