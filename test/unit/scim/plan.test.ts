import {describe, expect, it} from 'vitest'

import type {DesiredGroup, DesiredUser} from '../../../src/scim/model.js'
import {differencesOf, planDeletions, planGroup, planUser} from '../../../src/scim/plan.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

function desiredUser(active = true, givenName = 'Alice'): DesiredUser {
  return {
    at: 'line 2',
    userName: 'alice@acme.com',
    active,
    resource: {
      schemas: [USER],
      userName: 'alice@acme.com',
      name: {givenName},
      emails: [{value: 'alice@acme.com', type: 'work', primary: true}],
    },
  }
}

/** What a server answers for alice: the file's attributes plus what servers add. */
function stored(active: boolean, givenName = 'Alice') {
  return {
    schemas: [USER],
    id: 'u/1',
    userName: 'alice@acme.com',
    name: {givenName, formatted: 'Alice'},
    emails: [{value: 'alice@acme.com', type: 'work', primary: true, display: 'alice'}],
    active,
    groups: [{value: 'g1'}],
    meta: {resourceType: 'User'},
  }
}

describe('planUser', () => {
  it('creates a user the directory lacks, with its activation', () => {
    expect(planUser(desiredUser(false), undefined)).toEqual({
      change: 'create',
      requests: [{method: 'POST', path: '/Users', body: {...desiredUser().resource, active: false}}],
      differences: [],
    })
  })

  it('leaves a user alone when the directory holds what the file says, whatever the server adds', () => {
    expect(planUser(desiredUser(), stored(true))).toEqual({change: 'unchanged', requests: [], differences: []})
    expect(planUser(desiredUser(false), stored(false)).change).toBe('unchanged')
  })

  it('replaces a changed profile with PUT, keeping the current activation', () => {
    expect(planUser(desiredUser(true, 'Alicia'), stored(true))).toEqual({
      change: 'update',
      requests: [{method: 'PUT', path: '/Users/u%2F1', body: {...desiredUser(true, 'Alicia').resource, active: true}}],
      differences: ['name.givenName'],
    })
  })

  it('deactivates and restores with a PATCH of active alone, as identity providers do', () => {
    const deactivate = planUser(desiredUser(false), stored(true))
    expect(deactivate).toEqual({
      change: 'deactivate',
      requests: [
        {
          method: 'PATCH',
          path: '/Users/u%2F1',
          body: {schemas: [PATCH], Operations: [{op: 'replace', value: {active: false}}]},
        },
      ],
      differences: [],
    })
    const both = planUser(desiredUser(true, 'Alicia'), stored(false))
    expect(both.change).toBe('reactivate')
    expect(both.requests.map((r) => [r.method, r.body?.active])).toEqual([
      ['PUT', false],
      ['PATCH', undefined],
    ])
  })
})

describe('differencesOf', () => {
  it('compares attribute names in any case and arrays entry by entry', () => {
    const desired = {userName: 'a', emails: [{value: 'a@x.io'}], name: {givenName: 'A'}, externalId: 'e'}
    expect(
      differencesOf(desired, {USERNAME: 'a', Emails: [{Value: 'a@x.io', primary: true}], NAME: {givenname: 'A'}}),
    ).toEqual(['externalId'])
    expect(differencesOf(desired, {userName: 'A', emails: [{value: 'a@x.io'}, {value: 'b@x.io'}], name: 'A'})).toEqual([
      'userName',
      'emails',
      'name',
      'externalId',
    ])
  })
})

describe('planGroup', () => {
  const group: DesiredGroup = {
    at: 'line 2',
    displayName: 'Ops',
    members: [],
    resource: {schemas: [GROUP], displayName: 'Ops'},
  }
  const alice = {id: 'u1', display: 'alice'}
  const bob = {id: 'u2', display: 'bob'}

  it('creates a group the directory lacks with its members', () => {
    expect(planGroup(group, [alice], undefined)).toEqual({
      change: 'create',
      requests: [
        {method: 'POST', path: '/Groups', body: {...group.resource, members: [{value: 'u1', display: 'alice'}]}},
      ],
      added: [alice],
      removed: [],
    })
  })

  it('sets members to exactly the wanted ones with one PATCH of adds and removes', () => {
    const existing = {id: 'g1', displayName: 'Ops', members: [{value: 'u1'}, {value: 'u3'}, {value: 'u"4'}]}
    expect(planGroup(group, [alice, bob], existing)).toEqual({
      change: 'update',
      requests: [
        {
          method: 'PATCH',
          path: '/Groups/g1',
          body: {
            schemas: [PATCH],
            Operations: [
              {op: 'add', path: 'members', value: [{value: 'u2', display: 'bob'}]},
              {op: 'remove', path: 'members[value eq "u3"]'},
              {op: 'remove', path: 'members[value eq "u\\"4"]'},
            ],
          },
        },
      ],
      added: [bob],
      removed: ['u3', 'u"4'],
    })
    expect(planGroup(group, [bob, alice], {id: 'g1', members: [{value: 'u1'}, {value: 'u2'}]}).change).toBe('unchanged')
  })
})

describe('planDeletions', () => {
  it('deletes the directory users the file does not name, in any case', () => {
    const users = [
      {id: 'u1', userName: 'Alice@acme.com'},
      {id: 'u2', userName: 'bob@acme.com'},
    ]
    expect(planDeletions(new Set(['alice@acme.com']), users)).toEqual([{id: 'u2', userName: 'bob@acme.com'}])
  })
})
