import {describe, expect, it} from 'vitest'

import {
  type CheckedConnection,
  checkOrganization,
  connectionsJunit,
  ssoEnabled,
} from '../../../src/checks/connections.js'

const ORG = {id: 'org_1', name: 'Acme'}
const conn = (id: string, status: string, enabled: boolean): CheckedConnection => ({
  enabled,
  id,
  provider: 'OKTA',
  status,
  type: 'SAML',
})
const active = conn('conn_active', 'COMPLETED', true)
const disabled = conn('conn_off', 'COMPLETED', false)
const draft = conn('conn_draft', 'DRAFT', false)
const inProgress = conn('conn_wip', 'IN_PROGRESS', false)

describe('checkOrganization', () => {
  it.each<[string, boolean, CheckedConnection[], string[], string[]]>([
    // [case, sso on, connections, organization domains, expected rules]
    ['SSO off, no connections', false, [], [], []],
    ['SSO on, an active connection and a domain', true, [active], ['acme.com'], []],
    ['SSO on, no connection', true, [], ['acme.com'], ['no-connection']],
    [
      'SSO on, only a disabled connection',
      true,
      [disabled],
      ['acme.com'],
      ['no-active-connection', 'connection-disabled'],
    ],
    ['SSO on, only a draft', true, [draft], [], ['no-active-connection', 'connection-incomplete']],
    ['SSO on, only one in progress', true, [inProgress], [], ['no-active-connection', 'connection-incomplete']],
    ['SSO on, an active one beside a draft', true, [active, draft], ['acme.com'], ['connection-incomplete']],
    ['SSO on, an active connection without a domain', true, [active], [], ['no-organization-domain']],
    ['SSO off, an enabled connection without a domain', false, [active], [], ['no-organization-domain']],
    ['SSO off, a disabled connection', false, [disabled], [], ['connection-disabled']],
  ])('%s → %j', (_name, sso, connections, domains, expected) => {
    const result = checkOrganization({...ORG, ssoEnabled: sso}, connections, domains)
    expect(result.findings.map((f) => f.rule)).toEqual(expected)
    expect(result.ok).toBe(expected.length === 0)
    expect(result).toMatchObject({connections, domains, id: 'org_1', name: 'Acme', ssoEnabled: sso})
  })

  it('names the organization, the connection and the command that fixes it', () => {
    const {findings} = checkOrganization({...ORG, ssoEnabled: true}, [disabled], [])
    expect(findings).toContainEqual({
      connectionId: 'conn_off',
      fix: 'skctl connections enable --org org_1 conn_off',
      message: expect.stringContaining('conn_off') as string,
      organizationId: 'org_1',
      rule: 'connection-disabled',
    })
    // Enabling the completed connection is the fix for "no active connection" too.
    expect(findings.find((f) => f.rule === 'no-active-connection')).toMatchObject({
      connectionId: null,
      fix: 'skctl connections enable --org org_1 conn_off',
    })
  })

  it('points to the admin portal when there is nothing to enable, and to domains add for a missing domain', () => {
    const none = checkOrganization({...ORG, ssoEnabled: true}, [], [])
    expect(none.findings[0]?.fix).toContain('skctl portal link org_1')
    const drafts = checkOrganization({...ORG, ssoEnabled: true}, [draft], [])
    expect(drafts.findings.map((f) => f.fix)).toEqual([
      expect.stringContaining('skctl portal link org_1'),
      expect.stringContaining('skctl connections enable --org org_1 conn_draft'),
    ])
    const noDomain = checkOrganization({...ORG, ssoEnabled: true}, [active], [])
    expect(noDomain.findings[0]?.fix).toMatch(/^skctl domains add --org org_1 DOMAIN/)
  })
})

describe('ssoEnabled', () => {
  it.each([
    [{}, false],
    [{settings: {features: []}}, false],
    [{settings: {features: [{enabled: false, name: 'sso'}]}}, false],
    [{settings: {features: [{enabled: true, name: 'dir_sync'}]}}, false],
    [{settings: {features: [{enabled: true, name: 'sso'}]}}, true],
  ])('%j → %s', (org, expected) => {
    expect(ssoEnabled(org)).toBe(expected)
  })
})

describe('connectionsJunit', () => {
  it('has one test case per organization and a failure per finding', () => {
    const ok = checkOrganization({...ORG, ssoEnabled: true}, [active], ['acme.com'])
    const bad = checkOrganization({id: 'org_2', name: 'Beta <Inc>', ssoEnabled: true}, [draft], [])
    const [suite] = connectionsJunit({ok: false, organizations: [ok, bad]})
    expect(suite?.cases.map((c) => c.name)).toEqual(['Acme (org_1)', 'Beta <Inc> (org_2)'])
    expect(suite?.cases[0]?.failure).toEqual([])
    expect([suite?.cases[1]?.failure].flat().map((f) => f?.message)).toEqual([
      expect.stringMatching(/^\[no-active-connection\] /),
      expect.stringMatching(/^\[connection-incomplete\] /),
    ])
  })
})
