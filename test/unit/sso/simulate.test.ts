import {describe, expect, it} from 'vitest'

import {checkExpectations} from '../../../src/sso/flow.js'
import {parseSimulate} from '../../../src/sso/simulate.js'

describe('parseSimulate', () => {
  it('reads the user and keeps other keys as custom attributes', () => {
    expect(parseSimulate('email=jane@example.com,first_name=Jane,last_name=Doe,employee_number=42')).toEqual({
      attributes: {employee_number: '42'},
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
    })
  })

  it('needs an email and key=value pairs', () => {
    expect(() => parseSimulate('first_name=Jane')).toThrow(/needs email/)
    expect(() => parseSimulate('email')).toThrow(/not key=value/)
  })
})

describe('checkExpectations', () => {
  const claims = {amr: ['conn_1'], email: 'jane@example.com', oid: 'org_1', sub: 'conn_1;42', team: 'ops'}
  it('passes when every expectation holds', () => {
    expect(
      checkExpectations(claims, {
        claims: {team: 'ops'},
        connection: 'conn_1',
        email: 'jane@example.com',
        organization: 'org_1',
      }),
    ).toBe('4 expectations met')
  })
  it('names every expectation that fails', () => {
    expect(() => checkExpectations(claims, {claims: {team: 'sales'}, email: 'sam@example.com'})).toThrow(
      'email is jane@example.com, expected sam@example.com; claim team is ops, expected sales',
    )
  })
})
