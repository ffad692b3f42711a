import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {clientToken} from './support.js'

let emulator: RunningEmulator
let token: string
let seededOrg: string

beforeAll(async () => {
  emulator = await startEmulator({port: 0})
  token = await clientToken(emulator.url)
  seededOrg = (await api('GET', '/api/v1/organizations')).json.organizations[0].id
})

afterAll(async () => {
  await emulator?.close()
})

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions index freely into the response JSON
  const json = (await response.json()) as Record<string, any>
  return {status: response.status, json}
}

describe('REST gateway: users, memberships, roles and connections', () => {
  it('creates a user and membership from snake_case JSON, with the invitation flag in the query', async () => {
    const created = await api('POST', `/api/v1/organizations/${seededOrg}/users?send_invitation_email=true`, {
      email: 'rest.user@example.com',
      external_id: 'rest-user-1',
      metadata: {source: 'rest'},
      user_profile: {given_name: 'Rest', family_name: 'User'},
      membership: {roles: [{name: 'admin'}], metadata: {via: 'api'}},
    })
    expect(created.status).toBe(200)
    const user = created.json.user
    expect(user).toMatchObject({
      id: expect.stringMatching(/^usr_\d{17}$/),
      email: 'rest.user@example.com',
      external_id: 'rest-user-1',
      metadata: {source: 'rest'},
      user_profile: {given_name: 'Rest', family_name: 'User', name: 'Rest User', email_verified: false},
      memberships: [
        {
          organization_id: seededOrg,
          membership_status: 'PENDING_INVITE',
          roles: [{name: 'admin', display_name: 'Admin', id: expect.stringMatching(/^role_/)}],
          metadata: {via: 'api'},
          name: 'Test Organization',
        },
      ],
    })

    const byId = await api('GET', `/api/v1/users/${user.id}`)
    expect(byId.json.user.email).toBe('rest.user@example.com')

    const duplicate = await api('POST', `/api/v1/organizations/${seededOrg}/users`, {email: 'REST.USER@example.com'})
    expect(duplicate.status).toBe(409)
    expect(duplicate.json).toMatchObject({
      code: 6,
      message: 'user with email REST.USER@example.com already exists',
      details: [{error_code: 'ALREADY_EXISTS'}],
    })

    const invalid = await api('POST', `/api/v1/organizations/${seededOrg}/users`, {email: 'nope'})
    expect(invalid.status).toBe(400)
    expect(invalid.json.message).toBe('user.email: must be a valid email address [string.email]')
    const empty = await api('POST', `/api/v1/organizations/${seededOrg}/users`, {})
    expect(empty.json.message).toBe(
      'user.email: value is empty, which is not a valid email address [string.email_empty]',
    )

    const removed = await api('DELETE', `/api/v1/memberships/organizations/${seededOrg}/users/${user.id}`)
    expect(removed).toEqual({status: 200, json: {}})
    expect((await api('GET', `/api/v1/users/${user.id}`)).json.user.memberships).toEqual([])
  })

  it('lists users in pages', async () => {
    for (const name of ['page.a', 'page.b']) {
      await api('POST', `/api/v1/organizations/${seededOrg}/users`, {email: `${name}@example.com`})
    }
    const first = await api('GET', '/api/v1/users?page_size=1')
    expect(first.status).toBe(200)
    expect(first.json.users).toHaveLength(1)
    expect(first.json).toMatchObject({prev_page_token: '', next_page_token: expect.any(String)})
    expect(first.json.total_size).toBeGreaterThanOrEqual(2)
    const second = await api('GET', `/api/v1/users?page_size=1&page_token=${first.json.next_page_token}`)
    expect(second.json.users[0].id).not.toBe(first.json.users[0].id)

    const members = await api('GET', `/api/v1/organizations/${seededOrg}/users?page_size=100`)
    expect(members.json.users.map((user: {email: string}) => user.email)).toEqual(
      expect.arrayContaining(['page.a@example.com', 'page.b@example.com']),
    )
  })

  it('answers "does this email domain have SSO?" with the seeded connection', async () => {
    const {status, json} = await api('GET', '/api/v1/connections?domain=example.com')
    expect(status).toBe(200)
    expect(json.connections).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^conn_\d{17}$/),
        organization_id: seededOrg,
        organization_name: 'Test Organization',
        provider: 'IDP_SIMULATOR',
        type: 'OIDC',
        status: 'COMPLETED',
        enabled: true,
        domains: ['example.com', 'example.org'],
      }),
    ])
    const none = await api('GET', '/api/v1/connections?domain=unknown.example')
    expect(none).toEqual({status: 200, json: {connections: []}})
    const missing = await api('GET', '/api/v1/organizations/org_12345678901234567/connections/conn_1')
    expect(missing.status).toBe(404)
  })

  it('lists roles and creates permissions', async () => {
    const roles = await api('GET', '/api/v1/roles')
    expect(roles.json.roles.map((role: {name: string}) => role.name)).toEqual(['admin', 'member'])
    const created = await api('POST', '/api/v1/permissions', {name: 'rest:read', description: 'Read over REST'})
    expect(created.json.permission).toMatchObject({name: 'rest:read', id: expect.stringMatching(/^perm_/)})
    const added = await api('POST', '/api/v1/roles/member/permissions', {permission_names: ['rest:read']})
    expect(added.json.permissions.map((p: {name: string}) => p.name)).toEqual(['rest:read'])
    const withPermissions = await api('GET', '/api/v1/roles/member?include=permissions')
    expect(withPermissions.json.role.permissions).toEqual([
      expect.objectContaining({name: 'rest:read', role_name: 'member'}),
    ])
  })
})
