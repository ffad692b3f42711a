import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson, seededOrganizationId, withoutCalls} from '../../helpers/resources.js'

const emulator = useEmulator()

interface ConnectionSummary {
  domains: string[]
  enabled: boolean
  id: string
  organizationId: string
  provider: string
  status: string
  type: string
}
interface ConnectionList {
  connections: ConnectionSummary[]
  truncated: boolean
}
interface Connection {
  domains: Array<{domain: string}>
  enabled: boolean
  id: string
  oidcConfig?: {clientSecret?: string}
  organizationId: string
  provider: string
  status: string
  type: string
}

const env = () => emulator.env()

/** The seeded organization and its one connection, to the IdP simulator. */
async function seeded() {
  const org = await seededOrganizationId(emulator)
  const {json} = await runJson<ConnectionList>(['connections', 'list', '--org', org], {env: env()})
  expect(json.connections).toHaveLength(1)
  return {connection: json.connections[0]!, org}
}

describe('skctl connections', () => {
  it("lists the seeded organization's IdP-simulator connection as JSON and as a table", async () => {
    const {connection, org} = await seeded()
    expect(connection).toMatchObject({
      enabled: true,
      organizationId: org,
      provider: 'IDP_SIMULATOR',
      status: 'COMPLETED',
      type: 'OIDC',
    })
    expect(connection.id).toMatch(/^conn_\d+$/)
    expect([...connection.domains].sort()).toEqual(['example.com', 'example.org'])

    const table = await run(['connections', 'list', '--org', org], {env: env()})
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID\s+TYPE\s+PROVIDER\s+STATUS\s+ENABLED\s+DOMAINS\s+CREATED$/m)
    expect(table.stdout).toMatch(new RegExp(`^${connection.id}\\s+OIDC\\s+idp simulator\\s+completed\\s+yes\\b`, 'm'))
  })

  it('answers "does this email domain have SSO?" for a domain or an email address', async () => {
    const {connection, org} = await seeded()
    for (const value of ['example.com', 'Jane.Doe@EXAMPLE.org']) {
      const {code, json, stderr} = await runJson<ConnectionList>(['connections', 'list', '--domain', value], {
        env: env(),
      })
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(json.connections.map((c) => c.id)).toEqual([connection.id])
      expect(json.connections[0]).toMatchObject({organizationId: org, type: 'OIDC'})
    }
    const table = await run(['connections', 'list', '--domain', 'example.com'], {env: env()})
    expect(table.stdout).toMatch(/^ID\s+ORGANIZATION\s+ORGANIZATION NAME\s+TYPE\s+PROVIDER/m)
    expect(table.stdout).toMatch(new RegExp(`^${connection.id}\\s+${org}\\s+Test Organization\\s+OIDC`, 'm'))
  })

  it('a domain without SSO is an empty answer with exit 0, said on stderr', async () => {
    const json = await runJson<ConnectionList>(['connections', 'list', '--domain', 'no-sso.example.net'], {env: env()})
    expect(json).toMatchObject({code: 0, json: {connections: [], truncated: false}, stderr: ''})
    const text = await run(['connections', 'list', '--domain', 'someone@no-sso.example.net'], {env: env()})
    expect(text).toMatchObject({code: 0, stderr: 'No SSO connections for no-sso.example.net.\n', stdout: ''})
  })

  it('an organization without connections has an empty list', async () => {
    const org = await createOrganization(emulator, 'No SSO Yet')
    const {code, json} = await runJson<ConnectionList>(['connections', 'list', '--org', org], {env: env()})
    expect(code).toBe(0)
    expect(json.connections).toEqual([])
  })

  it('gets one connection with its settings, credentials masked', async () => {
    const {connection, org} = await seeded()
    const {code, json} = await runJson<Connection>(['connections', 'get', '--org', org, connection.id], {env: env()})
    expect(code).toBe(0)
    expect(json).toMatchObject({
      enabled: true,
      id: connection.id,
      organizationId: org,
      provider: 'IDP_SIMULATOR',
      status: 'COMPLETED',
      type: 'OIDC',
    })
    expect(json.domains.map((d) => d.domain).sort()).toEqual(['example.com', 'example.org'])
    expect([undefined, '****']).toContain(json.oidcConfig?.clientSecret)
    const text = await run(['connections', 'get', '--org', org, connection.id], {env: env()})
    expect(text.stdout).toMatch(/^type\s+OIDC$/m)
    expect(text.stdout).toMatch(/^provider\s+idp simulator$/m)
    expect(text.stdout).toMatch(/^enabled\s+yes$/m)
  })

  it('disables and enables a connection, by organization external id too', async () => {
    const {connection, org} = await seeded()
    expect((await run(['orgs', 'update', org, '--external-id', 'test-org'], {env: env()})).code).toBe(0)
    const disabled = await runJson(['connections', 'disable', '--org', 'test-org', connection.id], {env: env()})
    expect(disabled).toMatchObject({code: 0, json: {enabled: false, id: connection.id, organizationId: org}})
    const after = await runJson<Connection>(['connections', 'get', '--org', org, connection.id], {env: env()})
    expect(after.json.enabled).toBe(false)

    const text = await run(['connections', 'enable', '--org', org, connection.id], {env: env()})
    expect(text).toMatchObject({code: 0, stdout: `Connection ${connection.id} is enabled.\n`})
    const listed = await runJson<ConnectionList>(['connections', 'list', '--org', org], {env: env()})
    expect(listed.json.connections[0]?.enabled).toBe(true)
  })
})

describe('skctl connections — errors', () => {
  it('an unknown connection id exits 4 and names it', async () => {
    const org = await seededOrganizationId(emulator)
    for (const verb of ['get', 'enable', 'disable']) {
      const {code, json} = await runJson<ErrorJson>(['connections', verb, '--org', org, 'conn_999999999'], {
        env: env(),
      })
      expect(code).toBe(4)
      expect(json.error.code).toBe('not_found')
      expect(json.error.message).toContain('conn_999999999')
    }
  })

  it('an unknown organization exits 4 and names it', async () => {
    const {code, json} = await runJson<ErrorJson>(['connections', 'list', '--org', 'org_999999999'], {env: env()})
    expect(code).toBe(4)
    expect(json.error.message).toContain('org_999999999')
  })

  it('needs exactly one of --org and --domain, and a real domain, before any call', async () => {
    for (const args of [[], ['--org', 'org_1', '--domain', 'acme.com']]) {
      const {code, stderr} = await withoutCalls(emulator, () => run(['connections', 'list', ...args], {env: env()}))
      expect(code).toBe(2)
      expect(stderr).toMatch(/--domain/)
    }
    for (const domain of ['https://acme.com', 'jane@', 'acme']) {
      const {code, json} = await withoutCalls(emulator, () =>
        runJson<ErrorJson>(['connections', 'list', '--domain', domain], {env: env()}),
      )
      expect(code).toBe(2)
      expect(json.error.code).toBe('invalid_input')
    }
  })
})
