import {Code, ConnectError} from '@connectrpc/connect'
import {ScalekitServerException} from '@scalekit-sdk/node'
import fc from 'fast-check'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {normaliseError} from '../../../src/api/errors.js'
import {CliError} from '../../../src/errors.js'
import {
  Abandoned,
  type BackoffPolicy,
  backoffMs,
  classify,
  DEFAULT_BACKOFF,
  Retrier,
  Throttle,
} from '../../../src/import/retry.js'

const URL = 'https://acme.scalekit.dev'

/** What a command sees: the SDK's exception for a gRPC status, normalised into a CliError that keeps it as cause. */
const fromGrpc = (code: Code, message: string) =>
  normaliseError(ScalekitServerException.promote(new ConnectError(message, code)), URL)

/** The same for an HTTP answer (the SDK's REST path). */
const fromHttp = (status: number, data: unknown = {}) =>
  normaliseError(ScalekitServerException.promote({status, statusText: 'error', data} as never), URL)

/** An SDK-shaped error reduced to what `classify` may rely on. */
const sdkShaped = (grpcStatus: number, message = 'failed') =>
  normaliseError(Object.assign(new Error(message), {grpcStatus, name: 'ScalekitServerException'}), URL)

describe('classify', () => {
  it.each([
    [Code.InvalidArgument, 'final'],
    [Code.NotFound, 'final'],
    [Code.AlreadyExists, 'final'],
    [Code.PermissionDenied, 'final'],
    [Code.Unauthenticated, 'final'],
    [Code.FailedPrecondition, 'final'],
    [Code.Aborted, 'final'],
    [Code.Unavailable, 'uncertain'],
    [Code.Internal, 'uncertain'],
    [Code.DeadlineExceeded, 'uncertain'],
    [Code.Unknown, 'uncertain'],
    [Code.Canceled, 'uncertain'],
    [Code.ResourceExhausted, 'throttled'],
  ])('gRPC status %i from the SDK, wrapped in a CliError, is %s', (code, kind) => {
    const error = fromGrpc(code, 'failed')
    expect(error).toBeInstanceOf(CliError)
    expect(classify(error).kind).toBe(kind)
    expect(classify(sdkShaped(code)).kind).toBe(kind)
  })

  it('a rate-limited answer carries the delay the server asked for', () => {
    expect(classify(fromGrpc(Code.ResourceExhausted, 'slow down'))).toEqual({kind: 'throttled', delayMs: undefined})
    expect(classify(fromGrpc(Code.ResourceExhausted, 'slow down; retry after 1.5 s'))).toEqual({
      kind: 'throttled',
      delayMs: 1500,
    })
    expect(classify(sdkShaped(Code.ResourceExhausted, '[resource_exhausted] retry after 250ms'))).toEqual({
      kind: 'throttled',
      delayMs: 250,
    })
    const body = {code: 8, message: 'rate limited', details: [{retry_after: 2}]}
    expect(classify(fromHttp(429, body))).toEqual({kind: 'throttled', delayMs: 2000})
  })

  it.each([
    [400, 'final'],
    [404, 'final'],
    [409, 'final'],
    [500, 'uncertain'],
    [503, 'uncertain'],
  ])('HTTP %i from the SDK is %s', (status, kind) => {
    expect(classify(fromHttp(status)).kind).toBe(kind)
  })

  it.each([
    [422, 'final'],
    [429, 'throttled'],
    [502, 'uncertain'],
  ])('a cause with only httpStatus %i is %s', (httpStatus, kind) => {
    expect(classify(new CliError('api_error', 'failed', {cause: {httpStatus}})).kind).toBe(kind)
  })

  it('network failures are uncertain; anything else is final', () => {
    expect(classify(new CliError('unreachable', 'cannot reach the API'))).toEqual({kind: 'uncertain'})
    expect(classify(new Error('read ECONNRESET'))).toEqual({kind: 'uncertain'})
    expect(classify(new Error('request failed', {cause: new Error('socket hang up')}))).toEqual({kind: 'uncertain'})
    expect(classify(new Error('boom'))).toEqual({kind: 'final'})
    expect(classify(new CliError('invalid_input', 'bad email'))).toEqual({kind: 'final'})
    expect(classify('a string')).toEqual({kind: 'final'})
  })
})

describe('backoffMs', () => {
  const policy: BackoffPolicy = {baseMs: 100, capMs: 5_000, maxAttempts: 10}

  it('is full jitter: uniform below min(cap, base·2^attempt)', () => {
    expect(backoffMs(policy, 0, () => 0)).toBe(0)
    expect(backoffMs(policy, 0, () => 0.5)).toBe(50)
    expect(backoffMs(policy, 3, () => 0.5)).toBe(400)
    expect(backoffMs(policy, 3, () => 0.999_999)).toBe(799)
    expect(backoffMs(policy, 20, () => 0.999_999)).toBe(4_999)
  })

  it('never waits less than the server asked, nor more than the cap', () => {
    expect(backoffMs(policy, 0, () => 0, 1_500)).toBe(1_500)
    // Up to a quarter more than the server asked, so the workers do not all come back at once.
    expect(backoffMs(policy, 5, () => 0.999_999, 1_500)).toBe(1_874)
    expect(backoffMs(policy, 0, () => 0, 3_600_000)).toBe(policy.capMs)
  })

  it('stays within its bounds for any attempt, random draw and server delay', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: 2_000}),
        fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}),
        fc.integer({min: 0, max: 10_000_000}),
        (attempt, draw, serverDelay) => {
          const {baseMs, capMs} = DEFAULT_BACKOFF
          const wait = backoffMs(DEFAULT_BACKOFF, attempt, () => draw, serverDelay)
          expect(wait).toBeGreaterThanOrEqual(Math.min(capMs, serverDelay))
          const ceiling = serverDelay > 0 ? serverDelay + serverDelay / 4 : baseMs * 2 ** attempt
          expect(wait).toBeLessThanOrEqual(Math.min(capMs, ceiling))
          expect(Number.isInteger(wait)).toBe(true)
        },
      ),
    )
  })
})

/** A clock that only moves when the code under test sleeps, and a record of every sleep. */
function fakeTime(start = 1_000_000) {
  const time = {now: start, sleeps: [] as number[]}
  const sleep = async (ms: number) => {
    time.sleeps.push(ms)
    time.now += ms
  }
  return {sleep, time, now: () => time.now}
}

describe('Throttle', () => {
  it('does not wait when no call was rate-limited', async () => {
    const {now, sleep, time} = fakeTime()
    await new Throttle(sleep, now).wait()
    expect(time.sleeps).toEqual([])
  })

  it('holds every waiter until the longest pause is over; a shorter pause does not cut it', async () => {
    const {now, sleep, time} = fakeTime()
    const throttle = new Throttle(sleep, now)
    throttle.pauseFor(2_000)
    throttle.pauseFor(500)
    await throttle.wait()
    expect(time.sleeps).toEqual([2_000])
    await throttle.wait()
    expect(time.sleeps).toEqual([2_000])
  })

  it('a pause set by another worker while waiting extends the wait', async () => {
    const {now, sleep, time} = fakeTime()
    const throttle: Throttle = new Throttle(async (ms) => {
      await sleep(ms)
      // Another worker is rate-limited while this one sleeps.
      if (time.sleeps.length === 1) throttle.pauseFor(300)
    }, now)
    throttle.pauseFor(1_000)
    await throttle.wait()
    expect(time.sleeps).toEqual([1_000, 300])
  })
})

describe('Retrier', () => {
  // The shared throttle reads the wall clock: fake only Date, and move it as the injected sleep sleeps.
  beforeEach(() => {
    vi.useFakeTimers({toFake: ['Date']})
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function retrier(options: {maxAttempts?: number; random?: () => number; signal?: AbortSignal} = {}) {
    const sleeps: number[] = []
    const sleep = async (ms: number) => {
      sleeps.push(ms)
      vi.setSystemTime(Date.now() + ms)
    }
    const policy = {baseMs: 100, capMs: 10_000, maxAttempts: options.maxAttempts ?? 5}
    const instance = new Retrier({
      policy,
      random: options.random ?? (() => 0.5),
      signal: options.signal ?? new AbortController().signal,
      sleep,
    })
    return {retrier: instance, sleeps}
  }

  /** A call that fails with each of `errors` in turn, then answers `result`. */
  function flaky<T>(errors: unknown[], result: T) {
    const work = vi.fn(async () => {
      const error = errors[work.mock.calls.length - 1]
      if (error !== undefined) throw error
      return result
    })
    return work
  }

  it('does not retry a final error', async () => {
    const {retrier: r, sleeps} = retrier()
    const refused = fromGrpc(Code.InvalidArgument, 'email is not valid')
    const work = flaky([refused], 'never')
    await expect(r.run(work)).rejects.toBe(refused)
    expect(work).toHaveBeenCalledTimes(1)
    expect(sleeps).toEqual([])
  })

  it('waits at least the delay a rate-limited answer asked for, then sends again', async () => {
    const {retrier: r, sleeps} = retrier({random: () => 0})
    const limited = () => fromGrpc(Code.ResourceExhausted, 'rate limited; retry after 1500ms')
    const work = flaky([limited(), limited()], 'done')
    await expect(r.run(work)).resolves.toBe('done')
    expect(work).toHaveBeenCalledTimes(3)
    // The jitter drew 0: each wait is the server's delay, not shorter.
    expect(sleeps).toEqual([1_500, 1_500])
  })

  it('after an uncertain failure asks `recover` first, and returns what it found without sending again', async () => {
    const {retrier: r, sleeps} = retrier()
    const events: string[] = []
    const work = vi.fn(async () => {
      events.push('create')
      throw fromGrpc(Code.Unavailable, 'read ECONNRESET')
    })
    const recover = vi.fn(async () => {
      events.push('find')
      return 'usr_1'
    })
    await expect(r.run(work, recover)).resolves.toBe('usr_1')
    expect(events).toEqual(['create', 'find'])
    expect(sleeps).toEqual([50])
  })

  it('sends again when `recover` finds nothing', async () => {
    const {retrier: r} = retrier()
    const events: string[] = []
    const work = vi.fn(async () => {
      events.push('create')
      if (work.mock.calls.length === 1) throw fromGrpc(Code.DeadlineExceeded, 'deadline exceeded')
      return 'usr_2'
    })
    const recover = async () => {
      events.push('find')
      return undefined
    }
    await expect(r.run(work, recover)).resolves.toBe('usr_2')
    expect(events).toEqual(['create', 'find', 'create'])
  })

  it('gives up after maxAttempts with the last error, backing off with jitter in between', async () => {
    const {retrier: r, sleeps} = retrier({maxAttempts: 4, random: () => 0.5})
    const errors = [1, 2, 3, 4].map((n) => fromGrpc(Code.Internal, `internal ${n}`))
    const work = flaky(errors, 'never')
    await expect(r.run(work)).rejects.toBe(errors[3])
    expect(work).toHaveBeenCalledTimes(4)
    expect(sleeps).toEqual([50, 100, 200])
  })

  it('abandons a call once the run is interrupted: nothing more is sent, and no wait is sat out', async () => {
    const controller = new AbortController()
    const {retrier: r, sleeps} = retrier({signal: controller.signal})
    const work = vi.fn(async () => {
      controller.abort()
      throw fromGrpc(Code.Unavailable, 'unavailable')
    })
    await expect(r.run(work)).rejects.toBeInstanceOf(Abandoned)
    expect(work).toHaveBeenCalledTimes(1)
    expect(sleeps).toEqual([])
    // Interrupted before it started, a call is not sent at all.
    const untouched = vi.fn(async () => 'sent')
    await expect(r.run(untouched)).rejects.toBeInstanceOf(Abandoned)
    expect(untouched).not.toHaveBeenCalled()
  })
})
