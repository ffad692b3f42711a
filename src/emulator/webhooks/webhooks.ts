import type {EmulatorEvent, EventBus} from '../events/bus.js'
import type {Store} from '../store/store.js'
import {type Delivery, DeliveryLog, type DeliveryState} from './delivery-log.js'
import {WebhookEndpoints} from './endpoints.js'
import {buildEnvelope} from './envelope.js'
import {postJson} from './http-post.js'
import {signatureHeaders} from './signature.js'

/** The first retry waits this long by default; each later one waits twice as long as the one before. */
const DEFAULT_RETRY_BASE_MS = 1000
/**
 * Scalekit tries a delivery 8 times — immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. The
 * emulator keeps the count and squeezes the waits into base × 1, 2, 4 … 64 (about two minutes at the default),
 * short enough for a test run to watch every retry.
 */
const MAX_ATTEMPTS = 8
const ATTEMPT_TIMEOUT_MS = 5000
const KEPT_DELIVERIES = 1000
const MAX_SETTLE_WAIT_MS = 60_000

/** A redelivery of something that is no longer there. */
export class RedeliveryError extends Error {}

export interface WebhooksOptions {
  store: Store
  events: EventBus
  retryBaseMs?: number
  log: (line: string) => void
}

/** A delivery that still has attempts to make. */
interface PendingDelivery {
  delivery: Delivery
  secret: string
  body: string
  timer?: NodeJS.Timeout
  /** Aborts an attempt in flight when the delivery is cancelled. */
  abort: AbortController
  /** A redelivery of a settled delivery: one attempt, no retries after it. */
  final?: boolean
}

interface SettleWaiter {
  endpointId?: string
  timer: NodeJS.Timeout
  resolve: () => void
}

/**
 * Delivers every event raised on the bus to the endpoints subscribed to its type, as Scalekit does: the event
 * envelope POSTed as JSON and signed so the SDK's verifyWebhookPayload accepts it. Delivery never holds up the
 * RPC that raised the event; it is at-least-once with retries on non-2xx answers and network errors, in no
 * particular order. Closing stops every retry and aborts attempts in flight, leaving no timer behind.
 */
export class Webhooks {
  readonly endpoints: WebhookEndpoints
  private readonly log = new DeliveryLog(KEPT_DELIVERIES)
  private readonly pending = new Set<PendingDelivery>()
  private readonly waiters = new Set<SettleWaiter>()
  private readonly retryBaseMs: number
  private readonly unsubscribe: () => void

  constructor(private readonly options: WebhooksOptions) {
    this.endpoints = new WebhookEndpoints(options.store)
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS
    if (!Number.isSafeInteger(this.retryBaseMs) || this.retryBaseMs < 0) {
      throw new Error(`the webhook retry base must be a whole number of milliseconds, not ${this.retryBaseMs}`)
    }
    this.unsubscribe = options.events.subscribe((event) => {
      // A bus listener must not throw into the service that emitted.
      try {
        this.publish(event)
      } catch (error) {
        options.log(`webhooks: cannot publish ${event.type}: ${String(error)}`)
      }
    })
  }

  /** The most recent deliveries, oldest first. */
  deliveries(endpointId?: string): Delivery[] {
    return this.log.list(endpointId)
  }

  delivery(id: string): Delivery | undefined {
    return this.log.get(id)
  }

  /**
   * Sends a delivery again now, signed afresh with its endpoint's current secret, as one more attempt of the same
   * delivery (Scalekit's dashboard resends an event the same way); resolves once that attempt has its answer. A
   * settled delivery is pending until then, and a failing redelivery is not retried (it already had its
   * schedule). A pending delivery makes its scheduled retry now; one with an attempt in flight is left to it.
   * Throws RedeliveryError when the delivery or its endpoint is gone.
   */
  async redeliver(id: string): Promise<Delivery> {
    const delivery = this.log.get(id)
    if (!delivery) throw new RedeliveryError(`no delivery ${id} (the emulator keeps the last ${KEPT_DELIVERIES})`)
    const endpoint = this.endpoints.get(delivery.endpointId)
    if (!endpoint) throw new RedeliveryError(`the endpoint ${delivery.endpointId} of ${id} has been removed`)
    const scheduled = [...this.pending].find((pending) => pending.delivery === delivery)
    if (scheduled) {
      // No timer means an attempt is in flight: that attempt is the redelivery.
      if (scheduled.timer === undefined) return delivery
      clearTimeout(scheduled.timer)
      await this.attempt(scheduled, true)
      return delivery
    }
    delivery.state = 'pending'
    const pending: PendingDelivery = {
      delivery,
      secret: endpoint.secret,
      body: delivery.payload,
      abort: new AbortController(),
      final: true,
    }
    this.pending.add(pending)
    await this.attempt(pending, true)
    return delivery
  }

  /** Removes the endpoint and cancels its pending deliveries; false when there was no such endpoint. */
  removeEndpoint(id: string): boolean {
    const removed = this.endpoints.remove(id)
    this.cancel((pending) => pending.delivery.endpointId === id)
    return removed
  }

  /** After the store was reset (which removed the endpoints): cancels pending deliveries and forgets them all. */
  reset(): void {
    this.cancel(() => true)
    this.log.clear()
  }

  /** Resolves once no delivery (to `endpointId`, when given) is pending, or after `timeoutMs` (at most 60 s). */
  settled(endpointId: string | undefined, timeoutMs: number): Promise<void> {
    if (!this.hasPending(endpointId)) return Promise.resolve()
    return new Promise((resolve) => {
      const waiter: SettleWaiter = {
        endpointId,
        resolve,
        timer: setTimeout(() => this.release(waiter), Math.min(Math.max(timeoutMs, 0), MAX_SETTLE_WAIT_MS)),
      }
      this.waiters.add(waiter)
    })
  }

  close(): void {
    this.unsubscribe()
    this.cancel(() => true)
    for (const waiter of this.waiters) this.release(waiter)
  }

  private publish(event: EmulatorEvent): void {
    const endpoints = this.endpoints.subscribedTo(event.type)
    if (endpoints.length === 0) return
    const envelope = buildEnvelope(event, this.options.store.environment.id)
    // One body for every endpoint and attempt: the signature covers these exact bytes.
    const body = JSON.stringify(envelope)
    for (const endpoint of endpoints) {
      const delivery = this.log.add({
        eventId: envelope.id,
        eventType: envelope.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        createdAt: envelope.occurred_at,
        state: 'pending',
        attempts: [],
        nextAttemptAt: null,
        payload: body,
      })
      const pending: PendingDelivery = {delivery, secret: endpoint.secret, body, abort: new AbortController()}
      this.pending.add(pending)
      // Even the first attempt waits for a timer: the RPC that raised the event answers first.
      this.schedule(pending, 0)
    }
  }

  private schedule(pending: PendingDelivery, delayMs: number): void {
    pending.delivery.nextAttemptAt = new Date(Date.now() + delayMs).toISOString()
    pending.timer = setTimeout(() => void this.attempt(pending), delayMs)
  }

  private async attempt(pending: PendingDelivery, manual = false): Promise<void> {
    const {delivery} = pending
    pending.timer = undefined
    const attempt = delivery.attempts.length + 1
    delivery.nextAttemptAt = null
    const at = new Date()
    const started = performance.now()
    const headers = signatureHeaders(pending.secret, delivery.eventId, Math.floor(at.getTime() / 1000), pending.body)
    let outcome: {status: number; response: string} | {error: string}
    try {
      const answer = await postJson(delivery.url, pending.body, headers, {
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        signal: pending.abort.signal,
      })
      outcome = {status: answer.status, response: answer.body}
    } catch (error) {
      outcome = {error: error instanceof Error ? error.message : String(error)}
    }
    // Cancelled while in flight: the delivery is already settled as cancelled.
    if (pending.abort.signal.aborted) return
    const durationMs = Math.round((performance.now() - started) * 10) / 10
    delivery.attempts.push({attempt, at: at.toISOString(), ...outcome, durationMs, headers, ...(manual && {manual})})
    const result = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error
    const line = `webhook ${delivery.eventType} ${delivery.eventId} -> ${delivery.endpointId} attempt ${attempt}/${MAX_ATTEMPTS}: ${result} (${durationMs}ms)`
    if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) {
      this.options.log(line)
      this.finish(pending, 'delivered')
    } else if (attempt >= MAX_ATTEMPTS || pending.final) {
      this.options.log(`${line}; giving up`)
      this.finish(pending, 'failed')
    } else {
      const delayMs = this.retryBaseMs * 2 ** (attempt - 1)
      this.options.log(`${line}; retrying in ${delayMs} ms`)
      this.schedule(pending, delayMs)
    }
  }

  private cancel(which: (pending: PendingDelivery) => boolean): void {
    for (const pending of this.pending) {
      if (!which(pending)) continue
      clearTimeout(pending.timer)
      pending.abort.abort()
      this.finish(pending, 'cancelled')
    }
  }

  private finish(pending: PendingDelivery, state: DeliveryState): void {
    pending.delivery.state = state
    pending.delivery.nextAttemptAt = null
    this.pending.delete(pending)
    for (const waiter of this.waiters) {
      if (!this.hasPending(waiter.endpointId)) this.release(waiter)
    }
  }

  private hasPending(endpointId: string | undefined): boolean {
    for (const pending of this.pending) {
      if (endpointId === undefined || pending.delivery.endpointId === endpointId) return true
    }
    return false
  }

  private release(waiter: SettleWaiter): void {
    clearTimeout(waiter.timer)
    this.waiters.delete(waiter)
    waiter.resolve()
  }
}
