export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number
  /** When the attempt started (RFC 3339). */
  at: string
  /** The endpoint's HTTP status; absent when the request failed without one (see `error`). */
  status?: number
  error?: string
  durationMs: number
  /** The signature headers this attempt was sent with (each attempt is signed with its own timestamp). */
  headers: Record<string, string>
  /** The start of the endpoint's answer body (see KEPT_RESPONSE_BYTES), when it answered. */
  response?: string
  /** Made because someone asked for it (the dashboard's Redeliver), not by the retry schedule. */
  manual?: boolean
}

/**
 * `pending` while attempts remain (one in flight or a retry scheduled), `delivered` after a 2xx, `failed` when
 * every attempt failed, `cancelled` when the endpoint was removed or the emulator reset first.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled'

/** One event's journey to one endpoint. */
export interface Delivery {
  /** `whd_<n>`, increasing: names the delivery for redelivery and the dashboard. */
  id: string
  eventId: string
  eventType: string
  endpointId: string
  url: string
  createdAt: string
  state: DeliveryState
  attempts: DeliveryAttempt[]
  /** When the next retry is due, while one is scheduled. */
  nextAttemptAt: string | null
  /** The exact JSON body every attempt sends (and signs). */
  payload: string
}

/** The most recent deliveries, oldest first; older ones are forgotten (they are only for inspection). */
export class DeliveryLog {
  private entries: Delivery[] = []
  private lastNumber = 0

  constructor(private readonly capacity: number) {}

  add(delivery: Omit<Delivery, 'id'>): Delivery {
    const stored = {id: `whd_${++this.lastNumber}`, ...delivery}
    this.entries.push(stored)
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
    return stored
  }

  get(id: string): Delivery | undefined {
    return this.entries.find((delivery) => delivery.id === id)
  }

  list(endpointId?: string): Delivery[] {
    return endpointId === undefined ? [...this.entries] : this.entries.filter((d) => d.endpointId === endpointId)
  }

  clear(): void {
    this.entries = []
  }
}
