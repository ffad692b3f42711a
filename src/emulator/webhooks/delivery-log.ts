export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number
  /** When the attempt started (RFC 3339). */
  at: string
  /** The endpoint's HTTP status; absent when the request failed without one (see `error`). */
  status?: number
  error?: string
  durationMs: number
}

/**
 * `pending` while attempts remain (one in flight or a retry scheduled), `delivered` after a 2xx, `failed` when
 * every attempt failed, `cancelled` when the endpoint was removed or the emulator reset first.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled'

/** One event's journey to one endpoint. */
export interface Delivery {
  eventId: string
  eventType: string
  endpointId: string
  url: string
  createdAt: string
  state: DeliveryState
  attempts: DeliveryAttempt[]
  /** When the next retry is due, while one is scheduled. */
  nextAttemptAt: string | null
}

/** The most recent deliveries, oldest first; older ones are forgotten (they are only for inspection). */
export class DeliveryLog {
  private entries: Delivery[] = []

  constructor(private readonly capacity: number) {}

  add(delivery: Delivery): Delivery {
    this.entries.push(delivery)
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
    return delivery
  }

  list(endpointId?: string): Delivery[] {
    return endpointId === undefined ? [...this.entries] : this.entries.filter((d) => d.endpointId === endpointId)
  }

  clear(): void {
    this.entries = []
  }
}
