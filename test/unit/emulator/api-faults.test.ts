import {Code, ConnectError} from '@connectrpc/connect'
import {OrganizationService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {describe, expect, it} from 'vitest'

import {ApiFaultConfigError} from '../../../src/shared/api-fault-config.js'
import {ApiFaults, TokenBucket} from '../../../src/emulator/rpc/api-faults.js'
import {ConnectionReset} from '../../../src/emulator/rpc/connection-reset.js'
import {RetryInfoSchema} from '../../../src/emulator/rpc/retry-info.js'
import type {ServiceDefinition} from '../../../src/emulator/rpc/service-definition.js'
import {RpcStats} from '../../../src/emulator/rpc/stats.js'

const {createOrganization, getOrganization, updateOrganization, deletePortalLink} = OrganizationService.method
const organizations: ServiceDefinition = {service: OrganizationService, handlerFor: () => undefined}

/** Faults on a clock the test moves by hand. */
function setup() {
  const stats = new RpcStats()
  const clock = {ms: 0}
  const faults = new ApiFaults(stats.faults, [organizations], () => clock.ms)
  return {stats, clock, faults}
}

const ok = async () => 'answer'

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (error instanceof ConnectionReset) return 'reset'
    return Code[(error as ConnectError).code]
  }
}

describe('TokenBucket', () => {
  it('allows a burst of perSecond calls, then says how long until the next token', () => {
    const bucket = new TokenBucket(2, 0)
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([undefined, undefined, 500])
    expect(bucket.take(250)).toBe(250)
    expect(bucket.take(500)).toBeUndefined()
    expect(bucket.take(500)).toBe(500)
  })

  it('takes a burst smaller than the rate: a client with many calls in flight meets the limit at any speed', () => {
    const bucket = new TokenBucket(1000, 0, 2)
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([undefined, undefined, 1])
    expect(bucket.take(10)).toBeUndefined()
  })

  it('keeps a burst of one below one call a second', () => {
    const bucket = new TokenBucket(0.5, 0)
    expect([bucket.take(0), bucket.take(0), bucket.take(1999), bucket.take(2000)]).toEqual([
      undefined,
      2000,
      1,
      undefined,
    ])
  })
})

describe('ApiFaults', () => {
  it('answers RESOURCE_EXHAUSTED over the limit with the delay as RetryInfo, Retry-After and in the message', async () => {
    const {stats, clock, faults} = setup()
    faults.configure({rateLimit: {perSecond: 4}})
    for (let call = 0; call < 4; call++) expect(await faults.apply(getOrganization, ok)).toBe('answer')
    clock.ms = 100
    const error = (await faults.apply(getOrganization, ok).catch((e: unknown) => e)) as ConnectError
    expect(error).toBeInstanceOf(ConnectError)
    expect(error.code).toBe(Code.ResourceExhausted)
    expect(error.rawMessage).toBe(
      'rate limit exceeded (4/s) calling OrganizationService/GetOrganization; retry after 150ms',
    )
    expect(error.findDetails(RetryInfoSchema)).toMatchObject([{retryDelay: {seconds: 0n, nanos: 150_000_000}}])
    expect(error.metadata.get('retry-after')).toBe('1')
    expect(stats.faults.rateLimited).toBe(1)
  })

  it('fails every call at fraction 1 and none at 0, before the handler runs', async () => {
    const {stats, faults} = setup()
    let runs = 0
    const counted = async () => ++runs
    faults.configure({fail: {fraction: 1, code: 'internal'}})
    expect(await outcome(faults.apply(getOrganization, counted))).toBe('Internal')
    expect(runs).toBe(0)
    faults.configure({fail: {fraction: 0}})
    expect(await outcome(faults.apply(getOrganization, counted))).toBe('ok')
    expect(runs).toBe(1)
    expect(stats.faults.failed).toBe(1)
  })

  it('fails a write after applying it, and only writes (decided by the REST verb)', async () => {
    const {stats, faults} = setup()
    faults.configure({failAfterWrite: {fraction: 1, code: 'deadline_exceeded'}})
    const applied: string[] = []
    const write = (name: string) => async () => applied.push(name)
    for (const method of [createOrganization, updateOrganization, deletePortalLink]) {
      expect(await outcome(faults.apply(method, write(method.name)))).toBe('DeadlineExceeded')
    }
    expect(await outcome(faults.apply(getOrganization, write('GetOrganization')))).toBe('ok')
    expect(applied).toEqual(['CreateOrganization', 'UpdateOrganization', 'DeletePortalLink', 'GetOrganization'])
    expect(stats.faults.failedAfterWrite).toBe(3)
  })

  it('resets the connection instead of answering', async () => {
    const {stats, faults} = setup()
    faults.configure({reset: {fraction: 1}})
    expect(await outcome(faults.apply(getOrganization, ok))).toBe('reset')
    expect(stats.faults.reset).toBe(1)
  })

  it('leaves RPCs outside `methods` alone', async () => {
    const {faults} = setup()
    faults.configure({fail: {fraction: 1}, methods: ['OrganizationService/CreateOrganization']})
    expect(await outcome(faults.apply(getOrganization, ok))).toBe('ok')
    expect(await outcome(faults.apply(createOrganization, ok))).toBe('Unavailable')
  })

  it('fails the same calls again under the same seed', async () => {
    const {faults} = setup()
    const pattern = async () => {
      faults.configure({fail: {fraction: 0.5, code: 'internal'}, seed: 7})
      const outcomes: string[] = []
      for (let call = 0; call < 24; call++) outcomes.push(await outcome(faults.apply(getOrganization, ok)))
      return outcomes
    }
    const first = await pattern()
    expect(first).toContain('ok')
    expect(first).toContain('Internal')
    expect(await pattern()).toEqual(first)
  })

  it('keeps the previous configuration when a new one is refused, and forgets it on clear', async () => {
    const {faults} = setup()
    faults.configure({reset: {fraction: 1}})
    expect(() => faults.configure({reset: {fraction: 1}, methods: ['NoSuchService/*']})).toThrow(ApiFaultConfigError)
    expect(faults.state().config).toEqual({reset: {fraction: 1}})
    faults.clear()
    expect(faults.state()).toEqual({
      config: null,
      injected: {rateLimited: 0, delayed: 0, reset: 0, failed: 0, failedAfterWrite: 0},
    })
  })
})
