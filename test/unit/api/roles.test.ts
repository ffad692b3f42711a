import {describe, expect, it} from 'vitest'

import {parsePermissionName} from '../../../src/api/permissions.js'
import {parseRoleFields, parseRoleName} from '../../../src/api/roles.js'

describe('parseRoleName', () => {
  it('accepts 1–64 letters, digits and underscores', () => {
    expect(parseRoleName(' billing_Admin2 ')).toBe('billing_Admin2')
    expect(parseRoleName('x'.repeat(64))).toBe('x'.repeat(64))
  })

  it.each(['', 'a-b', 'a b', 'a:b', 'x'.repeat(65)])('refuses %j with exit 2', (value) => {
    expect(() => parseRoleName(value)).toThrow(expect.objectContaining({exit: 2}))
  })

  it('names what it checked', () => {
    expect(() => parseRoleName('a-b', 'role name for --reassign')).toThrow(
      '"a-b" is not a valid role name for --reassign',
    )
  })
})

describe('parsePermissionName', () => {
  it('accepts letters, digits, underscores and colons', () => {
    expect(parsePermissionName('invoices:read')).toBe('invoices:read')
    expect(parsePermissionName('a_b:c:D9')).toBe('a_b:c:D9')
  })

  it.each(['', 'a b', 'a-b', 'a/b', 'x'.repeat(65)])('refuses %j with exit 2', (value) => {
    expect(() => parsePermissionName(value)).toThrow(expect.objectContaining({exit: 2}))
  })
})

describe('parseRoleFields', () => {
  it('checks the base role and every permission, and keeps unset fields unset', () => {
    expect(parseRoleFields({extends: ' member ', permissions: [' a:b ']})).toEqual({
      extends: 'member',
      permissions: ['a:b'],
    })
    expect(parseRoleFields({description: 'x'})).toEqual({description: 'x', extends: undefined, permissions: undefined})
    expect(() => parseRoleFields({extends: 'a-b'})).toThrow('"a-b" is not a valid role name for --extends')
    expect(() => parseRoleFields({permissions: ['ok', 'not ok']})).toThrow('"not ok" is not a valid permission name')
  })
})
