import type {ScalekitClient} from '@scalekit-sdk/node'
import {afterEach, describe, expect, it} from 'vitest'

import {retryDelayMs} from '../../../src/api/retry-hint.js'
import {startEmulator} from '../../../src/emulator/index.js'
import type {FaultCounters} from '../../../src/emulator/rpc/stats.js'
import {
  basicAuth,
  clientToken,
  failure,
  killSpawnedEmulators,
  rawRequest,
  sdk,
  spawnEmulator,
  useSdkEmulator,
} from './support.js'

const ctx = useSdkEmulator()

afterEach(async () => {
  await admin('DELETE', '/_emulator/api-faults')
  await killSpawnedEmulators()
})

async function admin(method: string, path: string, body?: unknown, authorization = basicAuth()) {
  const response = await fetch(`${ctx.emulator.url}${path}`, {
    method,
    headers: {authorization, 'content-type': 'application/json'},
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return {status: response.status, body: (await response.json()) as Record<string, unknown>}
}

async function configure(faults: unknown) {
  const answer = await admin('POST', '/_emulator/api-faults', faults)
  expect(answer.status).toBe(200)
  return answer.body
}

async function stats() {
  return (await admin('GET', '/_emulator/stats')).body as {rpc: Record<string, number>; faults: FaultCounters}
}

/** A client of its own whose UNAVAILABLE backoff returns at once; records the waits the SDK asked for. */
function clientWithoutBackoff(): {client: ScalekitClient; backoffs: number[]} {
  const client = sdk(ctx.emulator.url)
  const backoffs: number[] = []
  const core = (client as unknown as {coreClient: {sleep: (ms: number) => Promise<void>}}).coreClient
  core.sleep = async (ms) => {
    backoffs.push(ms)
  }
  return {client, backoffs}
}

describe('POST/GET/DELETE /_emulator/api-faults', () => {
  it('needs the emulator client credentials', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const body = method === 'POST' ? {fail: {fraction: 1}} : undefined
      expect((await admin(method, '/_emulator/api-faults', body, '')).status).toBe(401)
      expect((await admin(method, '/_emulator/api-faults', body, basicAuth(undefined, 'wrong'))).status).toBe(401)
    }
    expect((await admin('GET', '/_emulator/api-faults')).body.config).toBeNull()
  })

  it('answers the normalised configuration and clears it', async () => {
    expect(await configure({fail: {fraction: 0.25}, latencyMs: 5, seed: 3})).toMatchObject({
      config: {fail: {fraction: 0.25, code: 'unavailable'}, latencyMs: {min: 5, max: 5}, seed: 3},
    })
    expect((await admin('GET', '/_emulator/api-faults')).body.config).toMatchObject({seed: 3})
    expect((await admin('DELETE', '/_emulator/api-faults')).body.config).toBeNull()
  })

  it('refuses an invalid configuration with 400 and keeps the one in force', async () => {
    await configure({reset: {fraction: 0}})
    const refused = await admin('POST', '/_emulator/api-faults', {rateLimit: {perSecond: 0}, retries: 3})
    expect(refused).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description:
          'unknown member "retries" (allowed: rateLimit, fail, failAfterWrite, reset, latencyMs, methods, seed)',
      },
    })
    const badValues = await admin('POST', '/_emulator/api-faults', {fail: {fraction: 2}, methods: ['UserService/Nope']})
    expect(badValues.status).toBe(400)
    expect(badValues.body.error_description).toBe(
      'fail.fraction must be a number from 0 to 1; methods: "UserService/Nope" match no RPC of the emulator',
    )
    expect((await admin('POST', '/_emulator/api-faults', '{bad')).status).toBe(400)
    expect((await admin('GET', '/_emulator/api-faults')).body.config).toEqual({reset: {fraction: 0}})
  })
})

describe('API faults seen through the SDK', () => {
  it('rate-limits with RESOURCE_EXHAUSTED and a delay the caller can read; calls under the limit pass', async () => {
    const before = (await stats()).faults.rateLimited
    await configure({rateLimit: {perSecond: 2}, methods: ['OrganizationService/GetOrganization']})
    const results = await Promise.allSettled(
      Array.from({length: 10}, () => ctx.client.organization.getOrganization(ctx.seededOrg)),
    )
    const limited = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []))
    // The bucket starts full: a burst of two passes whatever the timing.
    expect(results.length - limited.length).toBeGreaterThanOrEqual(2)
    expect(limited.length).toBeGreaterThan(0)
    for (const error of limited) {
      expect(error).toMatchObject({
        name: 'ScalekitTooManyRequestsException',
        grpcStatus: 8,
        httpStatus: 429,
        errorCode: 'RESOURCE_EXHAUSTED',
      })
      expect(retryDelayMs(error)).toBeGreaterThan(0)
      expect(retryDelayMs(error)).toBeLessThanOrEqual(500)
    }
    expect((await stats()).faults.rateLimited - before).toBe(limited.length)
    // Other RPCs are not counted against the limit.
    expect((await ctx.client.organization.listOrganization()).organizations.length).toBeGreaterThan(0)
  })

  it('rate-limits REST with 429, Retry-After and a RetryInfo detail', async () => {
    const token = await clientToken(ctx.emulator.url)
    await configure({rateLimit: {perSecond: 1}})
    const answers = await Promise.all(
      Array.from({length: 4}, () =>
        rawRequest(ctx.emulator.url, {
          path: `/api/v1/organizations/${ctx.seededOrg}`,
          headers: {authorization: `Bearer ${token}`},
        }),
      ),
    )
    expect(answers.map((answer) => answer.status)).toContain(200)
    const limited = answers.find((answer) => answer.status === 429)!
    expect(limited.headers['retry-after']).toBe('1')
    const body = JSON.parse(limited.body) as {code: number; details: Array<Record<string, string>>}
    expect(body.code).toBe(8)
    expect(body.details.map((detail) => detail['@type'])).toEqual([
      'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo',
      'type.googleapis.com/google.rpc.RetryInfo',
    ])
    expect(retryDelayMs({headers: limited.headers})).toBe(1000)
    const fromBody = retryDelayMs({body})!
    expect(fromBody).toBeGreaterThan(0)
    expect(fromBody).toBeLessThanOrEqual(1000)
  })

  it('fails every call at fraction 1 and none at 0; the SDK retries UNAVAILABLE three times', async () => {
    const {client, backoffs} = clientWithoutBackoff()
    await client.organization.listOrganization()
    await configure({fail: {fraction: 1, code: 'internal'}})
    for (let call = 0; call < 3; call++) {
      expect(await failure(client.organization.getOrganization(ctx.seededOrg))).toMatchObject({
        name: 'ScalekitInternalServerException',
        grpcStatus: 13,
        errorCode: 'INTERNAL',
      })
    }
    expect(backoffs).toEqual([])

    const attemptsBefore = (await stats()).rpc['OrganizationService/ListOrganization']!
    await configure({fail: {fraction: 1, code: 'unavailable'}})
    expect(await failure(client.organization.listOrganization())).toMatchObject({
      name: 'ScalekitServiceUnavailableException',
      grpcStatus: 14,
      message: '[unavailable] OrganizationService/ListOrganization failed (injected fault)',
    })
    expect((await stats()).rpc['OrganizationService/ListOrganization']! - attemptsBefore).toBe(4)
    expect(backoffs).toHaveLength(3)

    await configure({fail: {fraction: 0, code: 'internal'}})
    for (let call = 0; call < 3; call++) await client.organization.getOrganization(ctx.seededOrg)
  })

  it('fails a create after applying it: the caller sees the error, yet the user exists', async () => {
    await configure({failAfterWrite: {fraction: 1, code: 'internal'}})
    const email = 'applied-but-failed@example.com'
    expect(await failure(ctx.client.user.createUserAndMembership(ctx.seededOrg, {email}))).toMatchObject({
      name: 'ScalekitInternalServerException',
      grpcStatus: 13,
    })
    // Reads are not writes: they still answer under failAfterWrite.
    const found = await ctx.client.user.searchUsers(email)
    expect(found.users.map((user) => user.email)).toEqual([email])
  })

  it('a write failed with UNAVAILABLE after it applied comes back from the SDK retry as ALREADY_EXISTS', async () => {
    const {client, backoffs} = clientWithoutBackoff()
    await configure({failAfterWrite: {fraction: 1}, methods: ['UserService/CreateUserAndMembership']})
    const error = await failure(client.user.createUserAndMembership(ctx.seededOrg, {email: 'retried@example.com'}))
    expect(error).toMatchObject({name: 'ScalekitConflictException', grpcStatus: 6, errorCode: 'ALREADY_EXISTS'})
    expect(backoffs).toHaveLength(1)
  })

  it('a reset reaches the SDK as ABORTED "read ECONNRESET", and the server keeps serving', async () => {
    const before = (await stats()).faults.reset
    await configure({reset: {fraction: 1}, methods: ['OrganizationService/GetOrganization']})
    const error = await failure(ctx.client.organization.getOrganization(ctx.seededOrg))
    expect(error).toMatchObject({name: 'ScalekitConflictException', grpcStatus: 10, errorCode: null})
    expect(error.message).toMatch(/ECONNRESET/)
    // The SDK opens a new HTTP/2 connection for the next call.
    expect((await ctx.client.organization.listOrganization()).organizations.length).toBeGreaterThan(0)

    const token = await clientToken(ctx.emulator.url)
    const rest = await fetch(`${ctx.emulator.url}/api/v1/organizations/${ctx.seededOrg}`, {
      headers: {authorization: `Bearer ${token}`},
    }).catch((caught: Error) => caught)
    expect(rest).toBeInstanceOf(Error)
    expect(((rest as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET')
    expect((await stats()).faults.reset - before).toBe(2)
  })

  it('limits faults to the RPCs in `methods`', async () => {
    await configure({fail: {fraction: 1, code: 'internal'}, methods: ['UserService/*']})
    expect(await failure(ctx.client.user.listUsers())).toMatchObject({grpcStatus: 13})
    expect((await ctx.client.organization.listOrganization()).organizations.length).toBeGreaterThan(0)
  })

  it('delays calls and counts them, in the stats too', async () => {
    const before = (await stats()).faults.delayed
    await configure({latencyMs: {min: 1, max: 20}})
    await ctx.client.organization.getOrganization(ctx.seededOrg)
    expect((await admin('GET', '/_emulator/api-faults')).body.injected).toMatchObject({delayed: before + 1})
    expect((await stats()).faults.delayed).toBe(before + 1)
  })

  it('POST /_emulator/reset clears the faults', async () => {
    await configure({fail: {fraction: 1, code: 'internal'}})
    expect((await admin('POST', '/_emulator/reset')).status).toBe(200)
    expect((await admin('GET', '/_emulator/api-faults')).body.config).toBeNull()
    ctx.seededOrg = (await ctx.client.organization.listOrganization()).organizations[0]!.id
  })
})

describe('API faults from the start', () => {
  it('startEmulator takes them as the `faults` option, and refuses invalid ones', async () => {
    const emulator = await startEmulator({
      port: 0,
      faults: {fail: {fraction: 1, code: 'internal'}, methods: ['OrganizationService/ListOrganization']},
    })
    try {
      expect(await failure(sdk(emulator.url).organization.listOrganization())).toMatchObject({grpcStatus: 13})
    } finally {
      await emulator.close()
    }
    await expect(startEmulator({port: 0, faults: {methods: ['NoService/*']}})).rejects.toThrow(
      'methods: "NoService/*" match no RPC of the emulator',
    )
  })

  it('the emulator program refuses --api-faults naming no RPC with exit 2', async () => {
    const {exited} = spawnEmulator(['--api-faults', '{"methods": ["NoService/*"]}'])
    const {code, stderr} = await exited
    expect(code).toBe(2)
    expect(stderr).toContain('skctl emulator: --api-faults: methods: "NoService/*" match no RPC of the emulator')
  })
})
