import {describe, expect, it} from 'vitest'

import type {OrgRef, UserSpec} from '../../../src/import/model.js'
import {validateUser} from '../../../src/import/validate.js'
import {MAX_EXTERNAL_ID} from '../../../src/input.js'

const ACME: OrgRef = {externalId: 'acme'}

const spec = (fields: Partial<UserSpec> = {}): UserSpec => ({
  email: 'ann@example.com',
  memberships: [{organization: ACME, roles: []}],
  metadata: {},
  ...fields,
})

const codeOf = (user: UserSpec, defaultOrganization?: OrgRef) => {
  const result = validateUser(user, defaultOrganization)
  return 'error' in result ? result.error.code : 'ok'
}

/** An address of exactly `length` characters. */
const emailOfLength = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`

describe('validateUser', () => {
  it('trims the email, keeps its case, and judges duplicates by its lower-cased form', () => {
    const result = validateUser(spec({email: '  Ann.Lee@Example.COM\t'}))
    expect(result).toEqual({
      user: {
        email: 'Ann.Lee@Example.COM',
        emailKey: 'ann.lee@example.com',
        emailVerified: true,
        externalId: undefined,
        firstName: undefined,
        lastName: undefined,
        memberships: [{organization: ACME, roles: []}],
        metadata: {},
      },
    })
  })

  it('treats an imported user as verified unless the source says not', () => {
    const verified = (emailVerified?: boolean) => {
      const result = validateUser(spec({emailVerified}))
      return 'user' in result && result.user.emailVerified
    }
    expect(verified(undefined)).toBe(true)
    expect(verified(true)).toBe(true)
    expect(verified(false)).toBe(false)
  })

  it.each(['', '   '])('an empty email (%j) is missing_email', (email) => {
    expect(validateUser(spec({email}))).toEqual({error: {code: 'missing_email', message: 'email is empty'}})
  })

  it.each([
    'annexample.com',
    'ann@localhost',
    'ann smith@example.com',
    'ann@exa mple.com',
    'ann@@example.com',
    '@example.com',
    'ann@',
    'ann@example.',
    'ann@-example.com',
    'ann@example..com',
    emailOfLength(321),
  ])('%j is invalid_email', (email) => {
    expect(codeOf(spec({email}))).toBe('invalid_email')
  })

  it.each(['a@b.co', "o'brien+tag@mail.example.com", 'x_y-z@sub-domain.example.io', emailOfLength(320)])(
    '%j is a valid email',
    (email) => {
      expect(codeOf(spec({email}))).toBe('ok')
    },
  )

  it('limits external_id and name lengths', () => {
    expect(codeOf(spec({externalId: 'x'.repeat(MAX_EXTERNAL_ID)}))).toBe('ok')
    expect(codeOf(spec({externalId: 'x'.repeat(MAX_EXTERNAL_ID + 1)}))).toBe('invalid_external_id')
    expect(codeOf(spec({firstName: 'x'.repeat(255), lastName: 'y'.repeat(255)}))).toBe('ok')
    expect(validateUser(spec({firstName: 'x'.repeat(256)}))).toEqual({
      error: {code: 'invalid_name', message: 'first_name is longer than 255 characters'},
    })
    expect(codeOf(spec({lastName: 'y'.repeat(256)}))).toBe('invalid_name')
  })

  it.each([
    ['ab', 'invalid_metadata'],
    ['abc', 'ok'],
    ['k'.repeat(25), 'ok'],
    ['k'.repeat(26), 'invalid_metadata'],
  ])('metadata key %j: %s', (key, code) => {
    expect(codeOf(spec({metadata: {[key]: 'value'}}))).toBe(code)
  })

  it('names the metadata key and the allowed lengths', () => {
    expect(validateUser(spec({metadata: {plan: 'pro', ab: 'x'}}))).toEqual({
      error: {code: 'invalid_metadata', message: 'metadata key "ab" must be 3 to 25 characters long'},
    })
  })

  it('places a user the source puts in no organization in --org, with the row roles', () => {
    const user = spec({memberships: [], roles: ['admin']})
    expect(validateUser(user, ACME)).toMatchObject({user: {memberships: [{organization: ACME, roles: ['admin']}]}})
    expect(validateUser(spec({memberships: []}), ACME)).toMatchObject({
      user: {memberships: [{organization: ACME, roles: []}]},
    })
    expect(validateUser(user)).toEqual({
      error: {
        code: 'missing_organization',
        message: 'the row names no organization; add an organization column or pass --org',
      },
    })
  })

  it('keeps the organizations the source names, whatever --org says', () => {
    const memberships = [
      {organization: {id: 'org_1'}, roles: ['member']},
      {organization: {externalId: 'globex'}, roles: []},
    ]
    expect(validateUser(spec({memberships}), ACME)).toMatchObject({user: {memberships}})
  })

  it.each([
    [['admin', 'member', 'billing_admin', 'Role2'], 'ok'],
    [['sales-lead'], 'invalid_role'],
    [['team lead'], 'invalid_role'],
    [['admin', 'r'.repeat(65)], 'invalid_role'],
    [['r'.repeat(64)], 'ok'],
  ])('roles %j: %s', (roles, code) => {
    expect(codeOf(spec({memberships: [{organization: ACME, roles}]}))).toBe(code)
    expect(codeOf(spec({memberships: [], roles}), ACME)).toBe(code)
  })

  it('names the invalid role', () => {
    expect(validateUser(spec({memberships: [{organization: ACME, roles: ['admin', 'sales-lead']}]}))).toEqual({
      error: {code: 'invalid_role', message: 'role "sales-lead" is not a valid role name (letters, digits, "_")'},
    })
  })

  it('checks the email before anything else', () => {
    expect(codeOf(spec({email: 'nope', memberships: [], metadata: {ab: 'x'}}))).toBe('invalid_email')
  })
})
