import {timestampFromDate} from '@bufbuild/protobuf/wkt'
import type {ScalekitClient} from '@scalekit-sdk/node'
import {AuditLogsService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js'
import {ObjectType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {callbackFromSimulator} from '../../helpers/sso.js'
import {CALLBACK} from './sso-support.js'
import {basicAuth, clientToken, grpcClient, sdk} from './support.js'

let emulator: RunningEmulator
let client: ScalekitClient
let organizationId: string
const logLines: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({port: 0, log: (line) => logLines.push(line)})
  client = sdk(emulator.url)
  organizationId = (await client.organization.listOrganization()).organizations[0]!.id
})

afterAll(async () => {
  await emulator?.close()
})

/** AuditLogsService has no Node SDK client (the Python SDK's `audit_logs` calls it): a plain gRPC client. */
async function authLogs() {
  return grpcClient(AuditLogsService, emulator.url, await clientToken(emulator.url))
}

async function logIn(email: string, fields: Record<string, string>): Promise<URL> {
  const url = client.getAuthorizationUrl(CALLBACK, {organizationId, loginHint: email, state: 's'})
  return new URL(await callbackFromSimulator(url, {email, ...fields}))
}

describe('AuditLogsService ListAuthRequests', () => {
  it('records a failed and a successful login through the IdP simulator, newest first', async () => {
    const failed = await logIn('jane@example.com', {scenario: 'error', error: 'access_denied'})
    expect(failed.searchParams.get('error')).toBe('access_denied')
    const callback = await logIn('ada@example.com', {scenario: 'sp'})
    const logs = await authLogs()
    const pending = (await logs.listAuthRequests({email: 'ada@example.com'})).authRequests
    expect(pending.map((entry) => entry.status)).toEqual(['PENDING'])

    await client.authenticateWithCode(callback.searchParams.get('code')!, CALLBACK)
    const {authRequests, totalSize} = await logs.listAuthRequests({})
    expect(totalSize).toBe(2)
    expect(authRequests.map(({email, status}) => `${email} ${status}`)).toEqual([
      'ada@example.com SUCCESS',
      'jane@example.com FAILED',
    ])
    expect(authRequests[1]).toMatchObject({
      organizationId,
      connectionId: expect.stringMatching(/^conn_/),
      connectionType: 'OIDC',
      authRequestId: expect.stringMatching(/^authreq_[0-9a-f]{16}$/),
      workflow: 'SSO',
    })
    // The RPC has no field for the error: the emulator log names it.
    expect(logLines.some((line) => /^auth authreq_\w+ failed: access_denied: /.test(line))).toBe(true)
  })

  it('filters by status (any case), email and time, and pages', async () => {
    const logs = await authLogs()
    const failed = await logs.listAuthRequests({status: ['failed']})
    expect(failed.authRequests.map((entry) => entry.email)).toEqual(['jane@example.com'])
    expect((await logs.listAuthRequests({email: 'JANE@example.com'})).totalSize).toBe(1)
    const future = timestampFromDate(new Date(Date.now() + 60_000))
    expect((await logs.listAuthRequests({startTime: future})).authRequests).toEqual([])
    const first = await logs.listAuthRequests({pageSize: 1})
    const second = await logs.listAuthRequests({pageSize: 1, pageToken: first.nextPageToken})
    expect([...first.authRequests, ...second.authRequests].map((entry) => entry.email)).toEqual([
      'ada@example.com',
      'jane@example.com',
    ])
    expect(second.nextPageToken).toBe('')
  })

  it('records a request refused at /oauth/authorize, and a code exchange that fails', async () => {
    const refused = await fetch(
      `${emulator.url}/oauth/authorize?${new URLSearchParams({
        client_id: emulator.clientId,
        redirect_uri: CALLBACK,
        response_type: 'token',
        scope: 'openid',
        login_hint: 'refused@example.com',
      })}`,
      {redirect: 'manual'},
    )
    expect(refused.status).toBe(302)
    const callback = await logIn('bad-verifier@example.com', {scenario: 'sp'})
    await expect(
      client.authenticateWithCode(callback.searchParams.get('code')!, 'http://127.0.0.1:1/other'),
    ).rejects.toThrow()
    const {authRequests} = await (await authLogs()).listAuthRequests({status: ['FAILED'], pageSize: 2})
    expect(authRequests.map(({email, status}) => `${email} ${status}`)).toEqual([
      'bad-verifier@example.com FAILED',
      'refused@example.com FAILED',
    ])
  })
})

describe('EventsService ListEventsPaginated through the SDK', () => {
  it('lists a created organization as an event, with type and time filters', async () => {
    const before = new Date()
    const {organization} = await client.organization.createOrganization('Evented Co', {externalId: 'evt-1'})
    const page = await client.events.listEventsPaginated(10, '', {eventTypes: ['organization.created']})
    const event = page.events.find((candidate) => candidate.organizationId === organization!.id)
    expect(event).toMatchObject({
      type: 'organization.created',
      object: ObjectType.Organization,
      id: expect.stringMatching(/^evt_\d{17}$/),
      data: {id: organization!.id, display_name: 'Evented Co', external_id: 'evt-1'},
    })
    const later = timestampFromDate(new Date(before.getTime() + 3_600_000))
    expect((await client.events.listEventsPaginated(10, '', {startTime: later})).events).toEqual([])
    expect((await client.events.listEventsPaginated(10, '', {eventTypes: ['user.created']})).events).toEqual([])
  })

  it('pages newest first with cursors', async () => {
    await client.organization.createOrganization('Second Co')
    const first = await client.events.listEventsPaginated(1)
    expect(first.events[0]?.data).toMatchObject({display_name: 'Second Co'})
    const second = await client.events.listEventsPaginated(1, first.nextPageToken)
    expect(second.events[0]?.data).toMatchObject({display_name: 'Evented Co'})
    expect(second.prevPageToken).not.toBe('')
  })
})

describe('POST /_emulator/reset', () => {
  it('forgets the auth log and the event history', async () => {
    const reset = await fetch(`${emulator.url}/_emulator/reset`, {
      method: 'POST',
      headers: {authorization: basicAuth()},
    })
    expect(reset.status).toBe(200)
    expect((await (await authLogs()).listAuthRequests({})).totalSize).toBe(0)
    expect((await client.events.listEventsPaginated(10)).events).toEqual([])
  })
})
