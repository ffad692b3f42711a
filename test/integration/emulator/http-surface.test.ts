import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {basicAuth, clientToken, rawRequest, sdk} from './support.js'

let emulator: RunningEmulator
let token: string

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  token = await clientToken(emulator.url)
})

afterAll(async () => {
  await emulator?.close()
})

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers},
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions index freely into the response JSON
  const json = (await response.json()) as Record<string, any>
  return {status: response.status, headers: response.headers, json}
}

describe('REST gateway', () => {
  it('creates, reads, lists, patches and deletes with snake_case JSON', async () => {
    const created = await api('POST', '/api/v1/organizations', {
      display_name: 'Rest Co',
      external_id: 'rest-1',
      metadata: {plan: 'pro'},
    })
    expect(created.status).toBe(200)
    const id = created.json.organization.id as string
    expect(created.json.organization).toMatchObject({
      id: expect.stringMatching(/^org_\d{17}$/),
      display_name: 'Rest Co',
      external_id: 'rest-1',
      region_code: 'US',
      metadata: {plan: 'pro'},
      create_time: expect.stringMatching(/Z$/),
    })

    expect((await api('GET', `/api/v1/organizations/${id}`)).json.organization.display_name).toBe('Rest Co')
    expect((await api('GET', '/api/v1/organizations:external/rest-1')).json.organization.id).toBe(id)

    const list = await api('GET', '/api/v1/organizations?page_size=1')
    expect(list.json).toMatchObject({total_size: 2, prev_page_token: ''})
    // Newest first, as Scalekit lists them.
    expect(list.json.organizations.map((org: {id: string}) => org.id)).toEqual([id])
    const next = await api('GET', `/api/v1/organizations?pageSize=1&pageToken=${list.json.next_page_token}`)
    expect(next.json.organizations[0].display_name).toBe('Test Organization')
    const filtered = await api('GET', '/api/v1/organizations?external_id=rest-1')
    expect(filtered.json).toMatchObject({total_size: 1, organizations: [{id}]})

    const patched = await api('PATCH', `/api/v1/organizations/${id}`, {display_name: 'Rest Co 2'})
    expect(patched.json.organization).toMatchObject({display_name: 'Rest Co 2', external_id: 'rest-1'})

    const search = await api('GET', '/api/v1/organizations:search?query=rest%20co')
    expect(search.json.organizations.map((org: {id: string}) => org.id)).toEqual([id])

    expect(await api('DELETE', `/api/v1/organizations/${id}`)).toMatchObject({status: 200, json: {}})
    const gone = await api('GET', `/api/v1/organizations/${id}`)
    expect(gone.status).toBe(404)
    expect(gone.json).toEqual({
      code: 5,
      message: `organization ${id} not found`,
      details: [{'@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo', error_code: 'NOT_FOUND'}],
    })
  })

  it('maps errors to HTTP statuses with ErrorInfo details', async () => {
    const invalid = await api('POST', '/api/v1/organizations', {display_name: ''})
    expect(invalid.status).toBe(400)
    expect(invalid.json.message).toBe('organization.display_name: must be at least 1 characters [string.min_len]')
    expect(invalid.json.details[0]).toMatchObject({
      error_code: 'INVALID_ARGUMENT',
      validation_error_info: {
        field_violations: [{field: 'organization.display_name', constraint: 'string.min_len'}],
      },
    })

    await api('POST', '/api/v1/organizations', {display_name: 'Dup', external_id: 'rest-dup'})
    const duplicate = await api('POST', '/api/v1/organizations', {display_name: 'Dup 2', external_id: 'rest-dup'})
    expect(duplicate.status).toBe(409)
    expect(duplicate.json.details[0].error_code).toBe('ALREADY_EXISTS')

    const denied = await api('GET', '/api/v1/organizations/org_10000000000000001/connections/conn_1/contexts')
    expect(denied.status).toBe(403)
    expect(denied.json.details[0].error_code).toBe('PERMISSION_DENIED')

    // A served service's RPC without a handler answers UNIMPLEMENTED before any credential check.
    const unserved = await api(
      'GET',
      '/api/v1/organizations/org_10000000000000001/directories/dir_10000000000000001/contexts',
      undefined,
      {authorization: 'Bearer nope'},
    )
    expect(unserved.status).toBe(501)
    expect(unserved.json).toMatchObject({
      message: 'scalekit.v1.directories.DirectoryService/GetDirectoryContext is not implemented by the skctl emulator',
      details: [{error_code: 'UNIMPLEMENTED'}],
    })
  })

  it('serves PUT portal links and PATCH settings from path parameters and bodies', async () => {
    const {json} = await api('POST', '/api/v1/organizations', {display_name: 'Links Co'})
    const id = json.organization.id as string
    const link = await api('PUT', `/api/v1/organizations/${id}/portal_links`)
    expect(link.json.link.location).toMatch(new RegExp(`^${emulator.url}/magicLink/`))
    const settings = await api('PATCH', `/api/v1/organizations/${id}/settings`, {
      features: [{name: 'sso', enabled: true}],
    })
    expect(settings.json.organization.settings.features).toEqual([{name: 'sso', enabled: true}])
    const users = await api('PATCH', `/api/v1/organizations/${id}/settings/usermanagement`, {
      settings: {max_allowed_users: 7},
    })
    expect(users.json).toEqual({settings: {max_allowed_users: 7}})
  })

  it('answers 401 without a valid bearer token', async () => {
    const response = await fetch(`${emulator.url}/api/v1/organizations`)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(await response.json()).toMatchObject({code: 16, details: [{error_code: 'UNAUTHENTICATED'}]})
    const forged = await api('GET', '/api/v1/organizations', undefined, {authorization: 'Bearer nope'})
    expect(forged.status).toBe(401)
  })

  it('answers 400 for malformed JSON and fields of the wrong type', async () => {
    const malformed = await api('POST', '/api/v1/organizations', '{"display_name":')
    expect(malformed.status).toBe(400)
    expect(malformed.json.message).toMatch(/not valid JSON/)
    const wrongType = await api('GET', '/api/v1/organizations?page_size=many')
    expect(wrongType.status).toBe(400)
  })

  it('answers 404 JSON for unknown paths', async () => {
    const unknown = await api('GET', '/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({code: 5, message: 'no REST route for GET /api/v1/nothing-here'})
    const wrongVerb = await api('POST', '/api/v1/organizations:search')
    expect(wrongVerb.status).toBe(404)
  })
})

describe('Connect protocol over HTTP/1.1', () => {
  it('answers a curl-style JSON POST', async () => {
    const response = await fetch(`${emulator.url}/scalekit.v1.organizations.OrganizationService/ListOrganization`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: JSON.stringify({pageSize: 1}),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {organizations: Array<{displayName: string}>; totalSize: number}
    expect(body.organizations).toHaveLength(1)
    expect(body.totalSize).toBeGreaterThan(1)
  })

  it('answers UNIMPLEMENTED (HTTP 501) for services the emulator does not register', async () => {
    const response = await fetch(`${emulator.url}/scalekit.v1.tools.ToolService/ListTools`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: '{}',
    })
    expect(response.status).toBe(501)
    expect(await response.json()).toMatchObject({code: 'unimplemented'})
  })
})

describe('Host header check (DNS rebinding)', () => {
  it('refuses requests addressed to another host name', async () => {
    for (const path of ['/_emulator/health', '/oauth/token', '/api/v1/organizations', '/keys']) {
      const response = await rawRequest(emulator.url, {path, headers: {host: 'evil.example'}})
      expect(response.status, path).toBe(403)
    }
    const withPort = await rawRequest(emulator.url, {path: '/keys', headers: {host: `evil.example:${emulator.port}`}})
    expect(withPort.status).toBe(403)
  })

  it('accepts only a well-formed host[:port] and never echoes a malformed one into discovery', async () => {
    for (const host of [
      `127.0.0.1:${emulator.port}@evil.example`,
      'localhost:1"><script>alert(1)</script>',
      'localhost:1/path',
      'localhost:99999',
      'localhost:',
      '[::1',
      'user@localhost',
    ]) {
      const response = await rawRequest(emulator.url, {path: '/.well-known/openid-configuration', headers: {host}})
      expect(response.status, host).toBe(403)
      expect(response.body).not.toContain('evil.example')
      expect(response.body).not.toContain('<script>')
    }
    const discovery = await rawRequest(emulator.url, {
      path: '/.well-known/openid-configuration',
      headers: {host: `localhost:${emulator.port}`},
    })
    expect(JSON.parse(discovery.body)).toMatchObject({issuer: `http://localhost:${emulator.port}`})
  })

  it('answers loopback names on any port and never sends wildcard CORS', async () => {
    for (const host of [`localhost:${emulator.port}`, `127.0.0.1:${emulator.port}`, '[::1]:1234', 'LOCALHOST']) {
      const response = await rawRequest(emulator.url, {path: '/_emulator/health', headers: {host}})
      expect(response.status, host).toBe(200)
      expect(response.headers['access-control-allow-origin']).toBeUndefined()
    }
  })
})

describe('admin endpoints', () => {
  it('reports health without credentials', async () => {
    const health = await (await fetch(`${emulator.url}/_emulator/health`)).json()
    expect(health).toMatchObject({
      ok: true,
      name: 'skctl-emulator',
      clientId: DEFAULT_CLIENT_ID,
      dataDir: null,
      pid: process.pid,
    })
    expect(Date.parse((health as {startedAt: string}).startedAt)).not.toBeNaN()
  })

  it('requires the client credentials for stats and reset', async () => {
    expect((await fetch(`${emulator.url}/_emulator/stats`)).status).toBe(401)
    const wrong = await fetch(`${emulator.url}/_emulator/reset`, {
      method: 'POST',
      headers: {authorization: basicAuth(DEFAULT_CLIENT_ID, 'wrong')},
    })
    expect(wrong.status).toBe(401)
    expect((await fetch(`${emulator.url}/_emulator/nope`)).status).toBe(404)
  })

  it('answers 400, not 500, to JSON nested 100,000 levels deep', async () => {
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    for (const [path, body] of [
      ['/_emulator/api-faults', deepArray],
      ['/_emulator/api-faults', `{"methods":${deepArray}}`],
      ['/_emulator/events', deepObject],
      ['/_emulator/events', `{"type":"organization.created","data":${deepObject}}`],
      ['/_emulator/webhooks', `{"url":"https://hooks.example/in","events":${deepArray}}`],
    ] as const) {
      const response = await fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: {authorization: basicAuth(), 'content-type': 'application/json'},
        body,
      })
      expect(response.status, `${path} ${body.slice(0, 30)}`).toBe(400)
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: 'the body nests more than 64 levels deep',
      })
    }
    const nested = {level: {level: {level: {list: [[1, 2], {deeper: true}]}}}}
    const event = await fetch(`${emulator.url}/_emulator/events`, {
      method: 'POST',
      headers: {authorization: basicAuth(), 'content-type': 'application/json'},
      body: JSON.stringify({type: 'organization.created', data: nested}),
    })
    expect(event.status).toBe(200)
    expect(((await event.json()) as {event: {data: unknown}}).event.data).toEqual(nested)
  })

  it('resets to the seeded environment and clears the counters', async () => {
    const local = await startEmulator({port: 0})
    try {
      const client = sdk(local.url)
      await client.organization.createOrganization('Temporary')
      const reset = await fetch(`${local.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
      expect(await reset.json()).toEqual({ok: true, organizations: 1})
      const stats = await (await fetch(`${local.url}/_emulator/stats`, {headers: {authorization: basicAuth()}})).json()
      expect(stats).toEqual({
        rpc: {},
        tokens: 0,
        unauthenticated: 0,
        faults: {rateLimited: 0, delayed: 0, reset: 0, failed: 0, failedAfterWrite: 0},
      })
      const {organizations} = await client.organization.listOrganization()
      expect(organizations.map((org) => org.displayName)).toEqual(['Test Organization'])
    } finally {
      await local.close()
    }
  })
})
