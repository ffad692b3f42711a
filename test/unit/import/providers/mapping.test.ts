import {describe, expect, it} from 'vitest'

import {
  organizationsIn,
  splitName,
  stringMetadata,
  toBoolean,
  withoutPasswords,
} from '../../../../src/import/providers/mapping.js'

describe('provider mapping helpers', () => {
  it.each([
    ['Ada Lovelace', {firstName: 'Ada', lastName: 'Lovelace'}],
    ['  Mary  Ann   Smith ', {firstName: 'Mary', lastName: 'Ann Smith'}],
    ['Cher', {firstName: 'Cher'}],
    ['ada@acme.test', {}],
    ['   ', {}],
    [undefined, {}],
  ])('splits the name %j', (name, expected) => {
    expect(splitName(name)).toEqual(expected)
  })

  it.each([
    [true, true],
    ['TRUE', true],
    [' false ', false],
    ['yes', undefined],
    [1, undefined],
    [undefined, undefined],
  ])('reads %j as the boolean %j', (value, expected) => {
    expect(toBoolean(value)).toBe(expected)
  })

  it('drops password fields at any depth and says whether one held a value', () => {
    const record = {
      custom_password_hash: {algorithm: 'bcrypt', hash: {value: 'h'}},
      email: 'a@x.test',
      nested: [{passwordSalt: 's', keep: 1}],
      profile: {PasswordHash: '', name: 'A'},
    }
    expect(withoutPasswords(record)).toEqual({
      dropped: true,
      value: {email: 'a@x.test', nested: [{keep: 1}], profile: {name: 'A'}},
    })
    expect(withoutPasswords({password_hash: '', salt: null})).toEqual({dropped: false, value: {}})
  })

  it('turns metadata into strings: JSON for other values, null left out', () => {
    expect(stringMetadata({count: 3, flag: false, gone: null, list: ['a'], name: 'x', obj: {k: 1}})).toEqual({
      count: '3',
      flag: 'false',
      list: '["a"]',
      name: 'x',
      obj: '{"k":1}',
    })
    expect(stringMetadata('not an object')).toEqual({})
  })

  it('reads one organization or a list of them from an attribute', () => {
    expect(organizationsIn(' acme ')).toEqual([{externalId: 'acme'}])
    expect(organizationsIn(['acme', '', 7])).toEqual([{externalId: 'acme'}, {externalId: '7'}])
    expect(organizationsIn({id: 'acme'})).toEqual([])
  })
})
