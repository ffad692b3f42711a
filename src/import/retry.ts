import {retryDelayMs} from '../api/retry-hint.js'
import {CliError} from '../errors.js'

/** How a failed call may be retried. */
export type Failure =
  /** The request itself is wrong (invalid argument, not found, conflict…): retrying cannot help. */
  | {kind: 'final'}
  /** Rate-limited: wait (at least `delayMs` when the server says) and send again. */
  | {kind: 'throttled'; delayMs?: number}
  /**
   * The call may or may not have been applied (unavailable, internal, timed out, connection reset): before sending
   * a create again, look up whether it happened.
   */
  | {kind: 'uncertain'}

// gRPC status numbers, as the SDK exposes them on `grpcStatus`.
const RESOURCE_EXHAUSTED = 8
const UNCERTAIN = new Set([1, 2, 4, 13, 14]) // cancelled, unknown, deadline exceeded, internal, unavailable
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ECONNABORTED|socket hang up|stream closed|GOAWAY|RST_STREAM/i

export function classify(error: unknown): Failure {
  const cause = error instanceof CliError ? error.cause : error
  const status = (cause as {grpcStatus?: unknown} | undefined)?.grpcStatus
  const httpStatus = (cause as {httpStatus?: unknown} | undefined)?.httpStatus
  if (status === RESOURCE_EXHAUSTED || httpStatus === 429) return {kind: 'throttled', delayMs: retryDelayMs(error)}
  // A dropped connection first: the SDK reports a reset as an ABORTED "conflict" (`[aborted] read ECONNRESET`).
  if (error instanceof CliError && error.code === 'unreachable') return {kind: 'uncertain'}
  const message = error instanceof Error ? `${error.message} ${String((error.cause as Error)?.message ?? '')}` : ''
  if (NETWORK.test(message)) return {kind: 'uncertain'}
  if (typeof status === 'number') return UNCERTAIN.has(status) ? {kind: 'uncertain'} : {kind: 'final'}
  if (typeof httpStatus === 'number') return httpStatus >= 500 ? {kind: 'uncertain'} : {kind: 'final'}
  return {kind: 'final'}
}

export interface BackoffPolicy {
  /** First delay's ceiling. */
  baseMs: number
  /** No single wait is longer. */
  capMs: number
  /** Attempts per call, the first included. */
  maxAttempts: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {baseMs: 200, capMs: 30_000, maxAttempts: 10}

/** How many times one call may be told to wait by a rate limit before the row fails. */
const MAX_THROTTLED_WAITS = 50

/**
 * How long to wait before sending again. When the server says how long, that long and up to a quarter more (so the
 * workers do not all come back at once), never shorter; otherwise AWS "full jitter": a uniform wait in
 * [0, min(cap, base·2^attempt)]. Either way at most the cap, so a server cannot stall an import for hours.
 */
export function backoffMs(policy: BackoffPolicy, attempt: number, random: () => number, serverDelayMs = 0): number {
  if (serverDelayMs > 0) return Math.min(policy.capMs, serverDelayMs + Math.floor(random() * (serverDelayMs / 4)))
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt))
}

/**
 * One shared pause for every worker: when any call is rate-limited, all of them wait, instead of each hammering
 * the API with its own retries.
 */
export class Throttle {
  private until = 0

  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  pauseFor(ms: number): void {
    this.until = Math.max(this.until, this.now() + ms)
  }

  async wait(): Promise<void> {
    for (let left = this.until - this.now(); left > 0; left = this.until - this.now()) await this.sleep(left)
  }
}

/** An interrupted run stopped retrying: the work is not done, and a resume does it again. */
export class Abandoned extends Error {}

export interface RetrierOptions {
  policy?: BackoffPolicy
  signal: AbortSignal
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Retries calls for every worker of one import, sharing one rate-limit pause. */
export class Retrier {
  private readonly policy: BackoffPolicy
  private readonly random: () => number
  private readonly throttle: Throttle

  constructor(private readonly options: RetrierOptions) {
    this.policy = options.policy ?? DEFAULT_BACKOFF
    this.random = options.random ?? Math.random
    this.throttle = new Throttle((ms) => this.sleep(ms))
  }

  /**
   * Runs one call, retrying what may succeed later. After an uncertain failure, `recover` (when given) asks whether
   * the call took effect after all, and its answer is the result: a create is never sent twice blindly, not even
   * when the attempts run out. An interrupted run stops waiting at once and abandons the call (a resume redoes it).
   */
  async run<T>(work: () => Promise<T>, recover?: () => Promise<T | undefined>): Promise<T> {
    // Rate-limited answers have their own, larger budget: being told to wait is not the call failing.
    let failures = 0
    let throttles = 0
    for (;;) {
      await this.throttle.wait()
      this.stopIfAborted()
      try {
        return await work()
      } catch (error) {
        const failure = classify(error)
        if (failure.kind === 'final') throw error
        if (failure.kind === 'throttled') {
          if (++throttles > MAX_THROTTLED_WAITS) throw error
          this.throttle.pauseFor(backoffMs(this.policy, throttles - 1, this.random, failure.delayMs))
          continue
        }
        const last = ++failures >= this.policy.maxAttempts
        if (!last) await this.sleep(backoffMs(this.policy, failures - 1, this.random))
        if (recover) {
          const recovered = await this.run(recover)
          if (recovered !== undefined) return recovered
        }
        if (last) throw error
      }
    }
  }

  private stopIfAborted(): void {
    if (this.options.signal.aborted) throw new Abandoned()
  }

  /** Sleeps, cut short when the run is interrupted. */
  private async sleep(ms: number): Promise<void> {
    const {signal} = this.options
    const sleep = this.options.sleep ?? realSleep
    if (signal.aborted) throw new Abandoned()
    let onAbort: (() => void) | undefined
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve
      signal.addEventListener('abort', onAbort, {once: true})
    })
    await Promise.race([sleep(ms), aborted])
    signal.removeEventListener('abort', onAbort!)
    this.stopIfAborted()
  }
}
