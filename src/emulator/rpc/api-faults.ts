import type {DescMethod} from '@bufbuild/protobuf'
import {Code} from '@connectrpc/connect'
import {type ApiFaultConfig, type FailCode, methodMatcher, parseApiFaults} from '../../shared/api-fault-config.js'
import {ConnectionReset} from './connection-reset.js'
import {rpcError} from './errors.js'
import {httpBindings} from './method-options.js'
import {retryInfo} from './retry-info.js'
import type {ServiceDefinition} from './service-definition.js'
import type {FaultCounters} from './stats.js'

// API faults: make the RPC pipeline rate-limit, fail, stall, drop connections, or lose the answer to a write that
// was applied, so a client's retry logic (the CLI's imports, or a user's app) can be tested against each. Faults
// apply to authenticated calls of the selected RPCs only; the token endpoint and /_emulator/* never see them.

const FAIL_CODE: Record<FailCode, Code> = {
  unavailable: Code.Unavailable,
  internal: Code.Internal,
  deadline_exceeded: Code.DeadlineExceeded,
}

interface Armed {
  config: ApiFaultConfig
  selects: (name: string) => boolean
  random: () => number
  bucket: TokenBucket | undefined
}

export class ApiFaults {
  private armed: Armed | undefined
  private readonly mutating = new Map<DescMethod, boolean>()
  /** Every `Service/Method` the emulator routes, to refuse method patterns that match none. */
  private readonly knownMethods: string[]

  /** `now` is a monotonic clock in milliseconds; tests pass their own. */
  constructor(
    private readonly counters: FaultCounters,
    services: readonly ServiceDefinition[],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.knownMethods = services.flatMap(({service}) =>
      service.methods.map((method) => `${service.name}/${method.name}`),
    )
  }

  /** Replaces the configuration; throws ApiFaultConfigError and changes nothing when any part is invalid. */
  configure(body: unknown): ApiFaultConfig {
    const config = parseApiFaults(body, this.knownMethods)
    const {rateLimit, methods, seed} = config
    this.armed = {
      config,
      selects: methods ? methodMatcher(methods) : () => true,
      random: seed === undefined ? Math.random : seededRandom(seed),
      bucket: rateLimit ? new TokenBucket(rateLimit.perSecond, this.now(), rateLimit.burst) : undefined,
    }
    return config
  }

  clear(): void {
    this.armed = undefined
  }

  /** What `GET /_emulator/api-faults` answers: the configuration (null when none) and the faults injected so far. */
  state(): {config: ApiFaultConfig | null; injected: FaultCounters} {
    return {config: this.armed?.config ?? null, injected: {...this.counters}}
  }

  /**
   * Runs one RPC (`run`: validation and handler) under the configured faults, in this order: rate limit, latency,
   * reset, fail; then, for a mutating RPC whose handler succeeded, failAfterWrite. Each fraction draws one random
   * number, so a seeded configuration fails the same calls every time they are made in the same order.
   */
  async apply<T>(method: DescMethod, run: () => Promise<T>): Promise<T> {
    // Taken once: a reconfiguration during this call's latency applies to later calls only.
    const armed = this.armed
    const name = `${method.parent.name}/${method.name}`
    if (!armed?.selects(name)) return run()
    const {config, random, bucket} = armed
    const chance = (fraction: number) => random() < fraction

    const waitMs = bucket?.take(this.now())
    if (waitMs !== undefined) {
      this.counters.rateLimited++
      throw rateLimited(name, config.rateLimit!.perSecond, waitMs)
    }
    if (config.latencyMs) {
      const {min, max} = config.latencyMs
      this.counters.delayed++
      await delay(min + Math.floor(random() * (max - min + 1)))
    }
    if (config.reset && chance(config.reset.fraction)) {
      this.counters.reset++
      throw new ConnectionReset()
    }
    if (config.fail && chance(config.fail.fraction)) {
      this.counters.failed++
      throw rpcError(FAIL_CODE[config.fail.code], `${name} failed (injected fault)`)
    }
    const response = await run()
    if (config.failAfterWrite && this.isMutating(method) && chance(config.failAfterWrite.fraction)) {
      this.counters.failedAfterWrite++
      throw rpcError(
        FAIL_CODE[config.failAfterWrite.code],
        `${name} was applied, but its answer was lost (injected fault)`,
      )
    }
    return response
  }

  /** A method changes state when its REST verb is not GET; one without a REST binding, when it is no Get/List/Search. */
  private isMutating(method: DescMethod): boolean {
    let mutating = this.mutating.get(method)
    if (mutating === undefined) {
      const verb = httpBindings(method)[0]?.verb
      mutating = verb ? verb !== 'GET' : !/^(Get|List|Search)/.test(method.name)
      this.mutating.set(method, mutating)
    }
    return mutating
  }
}

/**
 * RESOURCE_EXHAUSTED saying when to come back three ways: a google.rpc.RetryInfo detail (the gRPC standard), a
 * `retry-after` header in seconds (HTTP; the REST gateway and the Connect protocol send it), and the message, the
 * one place the Scalekit SDK keeps (it drops every detail but ErrorInfo, and all headers).
 */
function rateLimited(name: string, perSecond: number, waitMs: number) {
  const error = rpcError(
    Code.ResourceExhausted,
    `rate limit exceeded (${perSecond}/s) calling ${name}; retry after ${waitMs}ms`,
  )
  error.details.push(retryInfo(waitMs))
  error.metadata.set('retry-after', String(Math.ceil(waitMs / 1000)))
  return error
}

/**
 * Allows `perSecond` calls a second on average and bursts of `burst` calls (default `perSecond`, at least one) after
 * a quiet spell. A small burst makes a client with many calls in flight meet the limit however fast it runs.
 */
export class TokenBucket {
  private readonly capacity: number
  private tokens: number

  constructor(
    private readonly perSecond: number,
    private last: number,
    burst?: number,
  ) {
    this.capacity = Math.max(burst ?? perSecond, 1)
    this.tokens = this.capacity
  }

  /** Takes a token and returns undefined, or returns the milliseconds until one is available. */
  take(now: number): number | undefined {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return undefined
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000))
  }
}

/** mulberry32: a tiny seeded PRNG, uniform on [0, 1); plenty for choosing which calls fail. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
}

/** Unref'd, so a stalled call does not keep a closing emulator's process alive. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
