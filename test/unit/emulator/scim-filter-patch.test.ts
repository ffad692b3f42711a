import type {JsonObject} from '@bufbuild/protobuf'
import {describe, expect, it} from 'vitest'
import {ScimError} from '../../../src/emulator/scim/errors.js'
import {matches, parseFilter} from '../../../src/emulator/scim/filter.js'
import {applyPatch} from '../../../src/emulator/scim/patch.js'
import {PATCH_OP_SCHEMA} from '../../../src/shared/scim.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const user: JsonObject = {
  userName: 'Ada@Example.com',
  externalId: 'ExT-1',
  active: true,
  title: 'Engineer',
  emails: [
    {value: 'ada@example.com', type: 'work', primary: true},
    {value: 'ada@home.example', type: 'home'},
  ],
  [ENTERPRISE]: {department: 'R&D'},
}

const filtered = (text: string) => matches(parseFilter(text), user)
const patched = (...operations: JsonObject[]) =>
  applyPatch(user, {schemas: [PATCH_OP_SCHEMA], Operations: operations}, ['id'])

function scimError(work: () => unknown): ScimError {
  try {
    work()
  } catch (error) {
    if (error instanceof ScimError) return error
    throw error
  }
  throw new Error('expected a ScimError')
}

describe('SCIM filters', () => {
  it('compare case-insensitively except caseExact attributes', () => {
    expect(filtered('userName eq "ada@example.COM"')).toBe(true)
    expect(filtered('externalId eq "ExT-1"')).toBe(true)
    expect(filtered('externalId eq "ext-1"')).toBe(false)
    expect(filtered('USERNAME sw "ada" and title co "gin"')).toBe(true)
  })

  it('bind and tighter than or, honour not and parentheses, and match multi-valued entries', () => {
    expect(filtered('title eq "x" and active eq true or userName pr')).toBe(true)
    expect(filtered('title eq "x" and (active eq true or userName pr)')).toBe(false)
    expect(filtered('not (active eq false)')).toBe(true)
    expect(filtered('emails[type eq "home" and value ew "home.example"]')).toBe(true)
    expect(filtered('emails.value eq "ada@home.example"')).toBe(true)
    expect(filtered(`${ENTERPRISE}:department eq "r&d"`)).toBe(true)
    expect(filtered('nickName pr')).toBe(false)
  })

  it('refuse what they cannot read with invalidFilter', () => {
    for (const text of ['userName eq', 'userName like "a"', '(userName pr', 'userName eq "unterminated']) {
      expect(scimError(() => parseFilter(text))).toMatchObject({status: 400, scimType: 'invalidFilter'})
    }
  })
})

describe('SCIM PATCH', () => {
  it('adds to multi-valued attributes without duplicates and merges complex ones', () => {
    const result = patched(
      {op: 'add', path: 'emails', value: [{value: 'ada@example.com'}, {value: 'new@example.com', type: 'other'}]},
      {op: 'add', value: {name: {givenName: 'Ada'}}},
      {op: 'add', path: 'name.familyName', value: 'Lovelace'},
    )
    expect((result.emails as JsonObject[]).map((email) => email.value)).toEqual([
      'ada@example.com',
      'ada@home.example',
      'new@example.com',
    ])
    expect(result.name).toEqual({givenName: 'Ada', familyName: 'Lovelace'})
    // The input is untouched: PATCH works on a copy.
    expect(user).not.toHaveProperty('name')
  })

  it('replaces and removes entries selected by a value filter, adding a pinned entry when none matches', () => {
    const result = patched(
      {op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@work.example'},
      {op: 'remove', path: 'emails[type eq "home"]'},
      {op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100'},
    )
    expect(result.emails).toEqual([{value: 'ada@work.example', type: 'work', primary: true}])
    expect(result.phoneNumbers).toEqual([{type: 'mobile', value: '+1 555 0100'}])
  })

  it('reaches extension attributes and skips ignored ones', () => {
    const result = patched(
      {op: 'Replace', value: {[ENTERPRISE]: {department: 'Ops'}, id: 'diruser_1'}},
      {op: 'remove', path: `${ENTERPRISE}:department`},
      {op: 'add', path: `${ENTERPRISE}:costCenter`, value: 'CC-7'},
    )
    expect(result[ENTERPRISE]).toEqual({costCenter: 'CC-7'})
    expect(result).not.toHaveProperty('id')
  })

  it('answers malformed operations with the scimType RFC 7644 names', () => {
    expect(scimError(() => patched({op: 'remove'}))).toMatchObject({scimType: 'noTarget'})
    expect(scimError(() => patched({op: 'copy', path: 'title'}))).toMatchObject({scimType: 'invalidSyntax'})
    expect(scimError(() => patched({op: 'add', path: 'emails.value', value: 'x'}))).toMatchObject({
      scimType: 'invalidPath',
    })
    expect(
      scimError(() => patched({op: 'replace', path: 'emails[type eq "work" or primary eq true]', value: 1})),
    ).toMatchObject({scimType: 'invalidValue'})
    expect(
      scimError(() => patched({op: 'replace', path: 'emails[type eq "fax" or primary eq false]', value: {value: 'x'}})),
    ).toMatchObject({scimType: 'noTarget'})
    expect(scimError(() => applyPatch(user, {Operations: [{op: 'add'}]}, []))).toMatchObject({
      scimType: 'invalidSyntax',
    })
  })
})
