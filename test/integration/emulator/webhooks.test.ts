import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {EmulatorEvent} from '../../../src/emulator/events/bus.js'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import type {Delivery} from '../../../src/emulator/webhooks/delivery-log.js'
import {startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'
import {basicAuth, sdk} from './support.js'

interface Endpoint {
  id: string
  url: string
  description: string
  events: string[]
  createdAt: string
  secret?: string
}

async function admin<T = Record<string, unknown>>(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {authorization: basicAuth(), 'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {status: response.status, body: (await response.json()) as T}
}

async function addEndpoint(url: string, request: {url: string; description?: string; events?: string[]}) {
  const {status, body} = await admin<Endpoint & {secret: string}>(url, 'POST', '/_emulator/webhooks', request)
  expect(status).toBe(200)
  return body
}

/** The deliveries once none of them is pending any more. */
async function settledDeliveries(url: string, endpointId?: string): Promise<Delivery[]> {
  const query = new URLSearchParams({wait: '30000', ...(endpointId ? {endpoint: endpointId} : {})})
  const {body} = await admin<{deliveries: Delivery[]}>(url, 'GET', `/_emulator/webhooks/deliveries?${query}`)
  return body.deliveries
}

const userCreated = (organizationId: string, email: string): EmulatorEvent => ({
  type: 'organization.directory.user_created',
  object: 'DirectoryUser',
  organizationId,
  data: {id: 'diruser_10000000000000099', organization_id: organizationId, email, active: true},
})

const groupCreated = (organizationId: string): EmulatorEvent => ({
  type: 'organization.directory.group_created',
  object: 'DirectoryGroup',
  organizationId,
  data: {id: 'dirgroup_10000000000000098', organization_id: organizationId, display_name: 'Engineering'},
})

describe('webhook delivery', () => {
  let emulator: RunningEmulator
  let organizationId: string
  const receivers: WebhookReceiver[] = []

  async function receiver(status?: (n: number) => number) {
    const started = await startWebhookReceiver(status)
    receivers.push(started)
    return started
  }

  beforeAll(async () => {
    emulator = await startEmulator({port: 0, webhookRetryBaseMs: 1})
    organizationId = (await sdk(emulator.url).organization.listOrganization()).organizations[0]!.id
    return () => emulator.close()
  })

  afterEach(async () => {
    // A reset removes every endpoint and forgets every delivery, so tests do not see each other's.
    await admin(emulator.url, 'POST', '/_emulator/reset')
    for (const started of receivers.splice(0)) await started.close()
  })

  it('POSTs the Scalekit envelope of each event, signed so the SDK verifies it', async () => {
    const app = await receiver()
    const endpoint = await addEndpoint(emulator.url, {url: app.url, description: 'local app'})
    expect(endpoint.id).toMatch(/^whe_\d{17}$/)
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64')).toHaveLength(32)

    const events = [userCreated(organizationId, 'jane@example.com'), groupCreated(organizationId)]
    for (const event of events) emulator.events.emit(event)
    const requests = await app.waitFor(2)

    const verifier = sdk(emulator.url)
    const envelopes = requests.map(({headers, body}) => {
      expect(headers['content-type']).toBe('application/json')
      expect(verifier.verifyWebhookPayload(endpoint.secret, headers, body)).toBe(true)
      const envelope = JSON.parse(body) as Record<string, unknown>
      expect(headers['webhook-id']).toBe(envelope.id)
      return envelope
    })
    // Delivery is unordered: match envelopes to events by type.
    for (const event of events) {
      const envelope = envelopes.find((e) => e.type === event.type)
      expect(envelope).toEqual({
        spec_version: '1',
        id: expect.stringMatching(/^evt_\d{17}$/),
        object: event.object,
        environment_id: expect.stringMatching(/^env_\d{17}$/),
        occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        organization_id: organizationId,
        type: event.type,
        data: event.data,
      })
    }
    expect(envelopes[0]!.id).not.toBe(envelopes[1]!.id)

    const deliveries = await settledDeliveries(emulator.url)
    expect(deliveries.map((d) => [d.eventType, d.endpointId, d.state, d.attempts.map((a) => a.status)])).toEqual(
      expect.arrayContaining(events.map((e) => [e.type, endpoint.id, 'delivered', [200]])),
    )
    // The secret is shown once, on creation.
    const {body: listed} = await admin<{endpoints: Endpoint[]}>(emulator.url, 'GET', '/_emulator/webhooks')
    expect(listed.endpoints).toEqual([
      {id: endpoint.id, url: app.url, description: 'local app', events: [], createdAt: endpoint.createdAt},
    ])
  })

  it('retries non-2xx answers with a fresh signature each time, and records every attempt', async () => {
    const app = await receiver((n) => (n <= 2 ? 500 : 200))
    const endpoint = await addEndpoint(emulator.url, {url: app.url})
    emulator.events.emit(userCreated(organizationId, 'retry@example.com'))

    const [delivery] = await settledDeliveries(emulator.url, endpoint.id)
    expect(delivery).toMatchObject({endpointId: endpoint.id, state: 'delivered', nextAttemptAt: null})
    expect(delivery!.attempts.map(({attempt, status}) => ({attempt, status}))).toEqual([
      {attempt: 1, status: 500},
      {attempt: 2, status: 500},
      {attempt: 3, status: 200},
    ])
    for (const attempt of delivery!.attempts) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0)
      expect(Date.parse(attempt.at)).not.toBeNaN()
    }
    const requests = await app.waitFor(3)
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery!.eventId]))
    for (const {headers, body} of requests) {
      expect(sdk(emulator.url).verifyWebhookPayload(endpoint.secret, headers, body)).toBe(true)
    }
  })

  it('gives up after 8 attempts when the endpoint cannot be reached', async () => {
    const gone = await receiver()
    await gone.close()
    receivers.splice(receivers.indexOf(gone), 1)
    const endpoint = await addEndpoint(emulator.url, {url: gone.url})
    emulator.events.emit(groupCreated(organizationId))

    const [delivery] = await settledDeliveries(emulator.url, endpoint.id)
    expect(delivery!.state).toBe('failed')
    expect(delivery!.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    for (const attempt of delivery!.attempts) {
      expect(attempt.status).toBeUndefined()
      expect(attempt.error).toMatch(/ECONNREFUSED/)
    }
  })

  it('sends an endpoint with an event filter only those events', async () => {
    const filtered = await receiver()
    const everything = await receiver()
    const onlyUsers = await addEndpoint(emulator.url, {
      url: filtered.url,
      events: ['organization.directory.user_created'],
    })
    await addEndpoint(emulator.url, {url: everything.url})
    emulator.events.emit(groupCreated(organizationId))
    emulator.events.emit(userCreated(organizationId, 'filter@example.com'))

    await everything.waitFor(2)
    await settledDeliveries(emulator.url)
    expect(filtered.received.map((r) => JSON.parse(r.body).type)).toEqual(['organization.directory.user_created'])
    expect((await settledDeliveries(emulator.url, onlyUsers.id)).map((d) => d.eventType)).toEqual([
      'organization.directory.user_created',
    ])
  })

  it('stops delivering to a removed endpoint', async () => {
    const removed = await receiver()
    const kept = await receiver()
    const endpoint = await addEndpoint(emulator.url, {url: removed.url})
    await addEndpoint(emulator.url, {url: kept.url})

    const deleted = await admin(emulator.url, 'DELETE', `/_emulator/webhooks/${endpoint.id}`)
    expect(deleted).toEqual({status: 200, body: {id: endpoint.id, removed: true}})
    emulator.events.emit(userCreated(organizationId, 'removed@example.com'))
    await kept.waitFor(1)
    await settledDeliveries(emulator.url)

    expect(removed.received).toEqual([])
    expect(await settledDeliveries(emulator.url, endpoint.id)).toEqual([])
    const again = await admin(emulator.url, 'DELETE', `/_emulator/webhooks/${endpoint.id}`)
    expect(again).toEqual({
      status: 404,
      body: {error: 'not_found', error_description: `no webhook endpoint ${endpoint.id}`},
    })
  })

  it('cancels the pending retries of a removed endpoint', async () => {
    const slow = await startEmulator({port: 0, webhookRetryBaseMs: 3_600_000})
    try {
      const failing = await receiver(() => 500)
      const endpoint = await addEndpoint(slow.url, {url: failing.url})
      slow.events.emit(groupCreated(organizationId))
      // Whether the first attempt is still in flight or its retry is an hour away, removal ends the delivery.
      await admin(slow.url, 'DELETE', `/_emulator/webhooks/${endpoint.id}`)
      const [delivery] = await settledDeliveries(slow.url, endpoint.id)
      expect(delivery).toMatchObject({state: 'cancelled', nextAttemptAt: null})
      expect(delivery!.attempts.length).toBeLessThanOrEqual(1)
    } finally {
      await slow.close()
    }
  })

  it('raises test events through POST /_emulator/events', async () => {
    const app = await receiver()
    const endpoint = await addEndpoint(emulator.url, {url: app.url})
    const sent = await admin<{endpoints: string[]}>(emulator.url, 'POST', '/_emulator/events', {})
    expect(sent).toEqual({
      status: 200,
      body: {
        event: {type: 'emulator.test', object: 'Event', organizationId: '', data: expect.any(Object)},
        endpoints: [endpoint.id],
      },
    })
    const [request] = await app.waitFor(1)
    expect(JSON.parse(request!.body)).toMatchObject({type: 'emulator.test', object: 'Event', organization_id: null})
    expect(sdk(emulator.url).verifyWebhookPayload(endpoint.secret, request!.headers, request!.body)).toBe(true)
  })

  it('refuses bad requests and callers without the emulator credentials', async () => {
    const refused = async (method: string, path: string, body: unknown) =>
      (await admin<{error: string}>(emulator.url, method, path, body)).body.error
    expect(await refused('POST', '/_emulator/webhooks', {url: 'ftp://files.example.com/in'})).toBe('invalid_request')
    expect(await refused('POST', '/_emulator/webhooks', {url: 'https://user:pw@app.example.com/'})).toBe(
      'invalid_request',
    )
    expect(await refused('POST', '/_emulator/webhooks', {url: 'https://app.example.com/', events: ['a b']})).toBe(
      'invalid_request',
    )
    expect(await refused('POST', '/_emulator/webhooks', ['https://app.example.com/'])).toBe('invalid_request')
    expect(await refused('POST', '/_emulator/events', {type: 'no spaces allowed'})).toBe('invalid_request')
    expect(await refused('GET', '/_emulator/webhooks/deliveries?wait=soon', undefined)).toBe('invalid_request')
    expect((await admin(emulator.url, 'GET', '/_emulator/webhooks')).body).toEqual({endpoints: []})

    for (const [method, path] of [
      ['GET', '/_emulator/webhooks'],
      ['POST', '/_emulator/webhooks'],
      ['DELETE', '/_emulator/webhooks/whe_10000000000000001'],
      ['GET', '/_emulator/webhooks/deliveries'],
      ['POST', '/_emulator/events'],
    ] as const) {
      expect((await fetch(`${emulator.url}${path}`, {method})).status).toBe(401)
    }
  })
})

describe('webhook endpoints with --data-dir', () => {
  it('survive a restart with their id and signing secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skctl-webhooks-'))
    const app = await startWebhookReceiver()
    try {
      const first = await startEmulator({port: 0, dataDir})
      const endpoint = await addEndpoint(first.url, {url: app.url, events: ['emulator.test']})
      await first.close()

      const second = await startEmulator({port: 0, dataDir})
      try {
        const {body} = await admin<{endpoints: Endpoint[]}>(second.url, 'GET', '/_emulator/webhooks')
        expect(body.endpoints).toEqual([
          {id: endpoint.id, url: app.url, description: '', events: ['emulator.test'], createdAt: endpoint.createdAt},
        ])
        await admin(second.url, 'POST', '/_emulator/events', {})
        const [request] = await app.waitFor(1)
        expect(sdk(second.url).verifyWebhookPayload(endpoint.secret, request!.headers, request!.body)).toBe(true)
      } finally {
        await second.close()
      }
    } finally {
      await app.close()
      rmSync(dataDir, {recursive: true, force: true})
    }
  })
})

describe('closing the emulator', () => {
  it('cancels scheduled retries and leaves nothing that keeps the process alive', async () => {
    const script = fileURLToPath(new URL('./fixtures/webhook-retry-then-close.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], {stdio: ['ignore', 'pipe', 'pipe']})
    try {
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      // The fixture never calls process.exit: it ends only if close left no timer, socket or server behind.
      const [code] = (await once(child, 'close')) as [number | null]
      expect({code, stderr}).toEqual({code: 0, stderr: ''})
      const {before} = JSON.parse(stdout) as {before: Delivery}
      // A retry was scheduled (an hour away) when the emulator closed.
      expect(before.state).toBe('pending')
      expect(before.nextAttemptAt).not.toBeNull()
      expect(before.attempts.map((a) => a.status)).toEqual([500])
    } finally {
      child.kill('SIGKILL')
    }
  })
})
