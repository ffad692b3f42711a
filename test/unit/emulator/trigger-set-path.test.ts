import {describe, expect, it} from 'vitest'

import {setPath, TriggerRequestError} from '../../../src/emulator/events/trigger.js'

describe('setPath (emulator trigger --set)', () => {
  it('sets nested fields, creating objects and filling null ones, and indexes lists', () => {
    const data: Record<string, unknown> = {user: {email: 'a@b.c', metadata: null}, roles: [{role_name: 'member'}]}
    setPath(data, 'user.email', 'jane@acme.com')
    setPath(data, 'user.metadata.plan', 'pro')
    setPath(data, 'roles.0.role_name', 'admin')
    setPath(data, 'roles.1', {role_name: 'viewer'})
    setPath(data, 'extra.deep.flag', true)
    expect(data).toEqual({
      user: {email: 'jane@acme.com', metadata: {plan: 'pro'}},
      roles: [{role_name: 'admin'}, {role_name: 'viewer'}],
      extra: {deep: {flag: true}},
    })
  })

  it('refuses a path through a text or past the end of a list, naming where it stopped', () => {
    const data: Record<string, unknown> = {email: 'a@b.c', roles: []}
    expect(() => setPath(data, 'email.domain', 'x')).toThrow(
      new TriggerRequestError('email.domain: email is a string, not an object'),
    )
    expect(() => setPath(data, 'roles.3', 'x')).toThrow('roles.3: roles is a list of 0; use an index from 0 to 0')
    expect(() => setPath(data, 'roles.first', 'x')).toThrow(TriggerRequestError)
    expect(data).toEqual({email: 'a@b.c', roles: []})
  })
})
