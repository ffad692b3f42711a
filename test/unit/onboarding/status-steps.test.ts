import {describe, expect, it} from 'vitest'

import type {DirectoryJson} from '../../../src/api/directories.js'
import type {CheckedConnection} from '../../../src/checks/connections.js'
import {type OrganizationFacts, organizationStatus} from '../../../src/onboarding/status-steps.js'

const org = (features: string[] = ['sso']) => ({
  displayName: 'Acme',
  id: 'org_1',
  metadata: {},
  regionCode: 'US',
  settings: {features: features.map((name) => ({enabled: true, name}))},
})
const connection = (status: string, enabled: boolean): CheckedConnection => ({
  enabled,
  id: 'conn_1',
  provider: 'OKTA',
  status,
  type: 'SAML',
})
const directory = (totalUsers: number, mapped = 0) =>
  ({
    directoryProvider: 'OKTA',
    enabled: true,
    id: 'dir_1',
    roleAssignments: {assignments: Array.from({length: mapped}, () => ({groupId: 'g', roleName: 'admin'}))},
    totalGroups: 2,
    totalUsers,
  }) as unknown as DirectoryJson

const facts = (extra: Partial<OrganizationFacts>): OrganizationFacts => ({
  connections: [connection('COMPLETED', true)],
  directories: [],
  domains: ['acme.com'],
  members: 3,
  org: org(),
  ...extra,
})
const stepOf = (f: OrganizationFacts, id: string) => organizationStatus(f).steps.find((s) => s.id === id)

describe('organizationStatus', () => {
  it('ready without SCIM or a recorded test: SCIM steps are skipped and tests and members are advisory', () => {
    const status = organizationStatus(facts({members: 0}))
    expect(status.ok).toBe(true)
    expect(status.steps.filter((s) => s.status === 'skipped').map((s) => s.id)).toEqual([
      'scim-feature',
      'scim-directory',
      'scim-enabled',
      'scim-users',
      'group-roles',
    ])
    expect(stepOf(facts({}), 'connection-tested')).toMatchObject({required: false, status: 'pending'})
  })

  it('a draft connection waits on the customer; a configured, disabled one is ours to enable', () => {
    const draft = facts({connections: [connection('DRAFT', false)]})
    expect(stepOf(draft, 'connection-configured')).toMatchObject({next: 'skctl portal link org_1', status: 'pending'})
    const disabled = facts({connections: [connection('COMPLETED', false)]})
    expect(stepOf(disabled, 'connection-enabled')).toMatchObject({
      next: 'skctl connections enable --org org_1 conn_1',
      status: 'missing',
    })
    expect(organizationStatus(disabled).ok).toBe(false)
  })

  it('with dir_sync on, SCIM is required until a directory has users; role mappings stay advisory', () => {
    const empty = facts({org: org(['sso', 'dir_sync'])})
    expect(stepOf(empty, 'scim-directory')).toMatchObject({required: true, status: 'missing'})
    const waiting = facts({directories: [directory(0)], org: org(['sso', 'dir_sync'])})
    expect(stepOf(waiting, 'scim-users')).toMatchObject({status: 'pending'})
    expect(organizationStatus(waiting).ok).toBe(false)
    const provisioned = facts({directories: [directory(5, 2)], org: org(['sso', 'dir_sync'])})
    expect(organizationStatus(provisioned).ok).toBe(true)
    expect(stepOf(provisioned, 'scim-users')!.detail).toBe('5 users, 2 groups')
    expect(stepOf(provisioned, 'group-roles')).toMatchObject({detail: '2 groups mapped to roles', status: 'done'})
  })

  it('a failed last test, or one of a connection since removed, is not done: the command to test again', () => {
    const failed = facts({
      lastTest: {
        environmentUrl: 'u',
        organizationId: 'org_1',
        reason: 'sp: IdP [access_denied] denied',
        result: 'failed',
        source: 'sso test',
        time: '2026-01-01T00:00:00.000Z',
      },
    })
    const removed = facts({lastTest: {...failed.lastTest!, connectionId: 'conn_gone', result: 'passed'}})
    expect(stepOf(removed, 'connection-tested')).toMatchObject({
      detail: 'sso test of conn_gone at 2026-01-01T00:00:00.000Z passed, on a connection since removed',
      status: 'pending',
    })
    expect(stepOf(failed, 'connection-tested')).toMatchObject({
      detail: 'sso test at 2026-01-01T00:00:00.000Z failed: sp: IdP [access_denied] denied',
      next: 'skctl sso test --org org_1',
      status: 'pending',
    })
  })
})
