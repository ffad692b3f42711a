import {describe, expect, it} from 'vitest'

import type {ScenarioReport} from '../../../src/sso/flow.js'
import {ssoTestEntry} from '../../../src/sso/test-record.js'

const now = new Date('2026-01-01T00:00:00.000Z')
const passed: ScenarioReport = {
  claims: {amr: ['conn_7'], oid: 'org_9', sub: 'conn_7;u1'},
  ok: true,
  scenario: 'sp',
  stages: [],
}
const failed: ScenarioReport = {
  ok: false,
  scenario: 'sp',
  stages: [{detail: 'no_active_connections', ms: 1, name: 'IdP', ok: false, reason: 'no_active_connections'}],
}

describe('ssoTestEntry', () => {
  it('names the organization and connection from the ID token when the test chose by domain', () => {
    expect(ssoTestEntry([passed], {domain: 'acme.com'}, 'http://e', now)).toEqual({
      connectionId: 'conn_7',
      environmentUrl: 'http://e',
      organizationId: 'org_9',
      reason: undefined,
      result: 'passed',
      source: 'sso test',
      time: '2026-01-01T00:00:00.000Z',
    })
  })

  it('a failure keeps the failing stage; an unknown organization or the error scenario alone records nothing', () => {
    expect(ssoTestEntry([failed], {organizationId: 'org_1'}, 'http://e', now)).toMatchObject({
      reason: 'sp: IdP [no_active_connections] no_active_connections',
      result: 'failed',
    })
    expect(ssoTestEntry([failed], {domain: 'acme.com'}, 'http://e', now)).toBeUndefined()
    expect(ssoTestEntry([{...passed, scenario: 'error'}], {organizationId: 'org_1'}, 'http://e', now)).toBeUndefined()
  })
})
