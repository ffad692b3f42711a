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

export type EventListener = (event: EmulatorEvent) => void

export class EventBus {
  private readonly listeners = new Set<EventListener>()

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Synchronous fan-out; a listener must not throw (delivery is its own concern, done asynchronously). */
  emit(event: EmulatorEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}
