import {describe, expect, it} from 'vitest'

import {readFirebase} from '../../../../src/import/providers/firebase.js'
import {fixture, readAll, scratch} from './support.js'

const json = fixture('firebase', 'users.json')
const csv = fixture('firebase', 'users.csv')

// The hashes and salts in the fixtures: none may reach any output.
const SECRETS = /lSrfV15cpx95|42xEC\+ixf3L2lw|bW9yZS1oYXNo|c2FsdHNhbHQ|password|salt/i

const users = (file: string, lines: number[]) => [
  {
    at: {file, line: lines[0], record: 1},
    ok: true,
    raw: {
      email: 'ada@acme.test',
      email_verified: 'true',
      external_id: 'x3Jd9kq2LmN7pQ1rS5tU8vW0yZ2a',
      first_name: 'Ada',
      last_name: 'Lovelace',
      'metadata.level': '3',
      'metadata.migrated_from': 'firebase',
      'metadata.tenant': 'acme',
      organization: 'acme',
    },
    value: {
      email: 'ada@acme.test',
      emailVerified: true,
      externalId: 'x3Jd9kq2LmN7pQ1rS5tU8vW0yZ2a',
      firstName: 'Ada',
      lastName: 'Lovelace',
      metadata: {level: '3', migrated_from: 'firebase', tenant: 'acme'},
      memberships: [{organization: {externalId: 'acme'}, roles: []}],
    },
  },
  {
    at: {file, line: lines[1], record: 2},
    ok: true,
    raw: {
      email: 'grace@globex.test',
      email_verified: 'false',
      external_id: 'Gh7Tz1Qw9Er4Ty6Ui8Op2As3Df5g',
      first_name: 'Grace',
      last_name: 'Brewster Hopper',
      'metadata.admin': 'true',
      'metadata.migrated_from': 'firebase',
      'metadata.tenant': '["acme","globex"]',
      organization: 'acme;globex',
    },
    // A claim holding a list puts the user in each organization.
    value: {
      email: 'grace@globex.test',
      emailVerified: false,
      externalId: 'Gh7Tz1Qw9Er4Ty6Ui8Op2As3Df5g',
      firstName: 'Grace',
      lastName: 'Brewster Hopper',
      metadata: {admin: 'true', migrated_from: 'firebase', tenant: '["acme","globex"]'},
      memberships: [
        {organization: {externalId: 'acme'}, roles: []},
        {organization: {externalId: 'globex'}, roles: []},
      ],
    },
  },
  {
    at: {file, line: lines[2], record: 3},
    error: {code: 'disabled_in_source', message: 'the user is disabled in Firebase', skip: true},
    ok: false,
    raw: {
      email: 'linus@acme.test',
      email_verified: 'true',
      external_id: 'Lt5Kr8Wq2Zx4Cv6Bn1Mm3Jh7Gf9d',
      first_name: 'Linus',
      'metadata.migrated_from': 'firebase',
      'metadata.tenant': 'acme',
      organization: 'acme',
    },
  },
  {
    at: {file, line: lines[3], record: 4},
    ok: true,
    raw: {
      email: 'edsger@example.test',
      email_verified: 'false',
      external_id: 'Ed2Sg4Rd6Jk8Lm0Nb1Vc3Xz5Qw7e',
      'metadata.migrated_from': 'firebase',
    },
    value: {
      email: 'edsger@example.test',
      emailVerified: false,
      externalId: 'Ed2Sg4Rd6Jk8Lm0Nb1Vc3Xz5Qw7e',
      metadata: {migrated_from: 'firebase'},
      memberships: [],
    },
  },
]

describe('readFirebase', () => {
  it('maps the auth:export JSON, placing users by a custom claim', async () => {
    const result = await readAll(await readFirebase([json], {organizationAttribute: 'tenant'}))
    expect(result).toEqual({organizations: [], passwordHashes: 2, users: users(json, [2, 21, 40, 51])})
    expect(JSON.stringify(result.users)).not.toMatch(SECRETS)
  })

  it('maps the auth:export CSV the same way', async () => {
    const result = await readAll(await readFirebase([csv], {organizationAttribute: 'tenant'}))
    expect(result).toEqual({organizations: [], passwordHashes: 2, users: users(csv, [1, 2, 3, 4])})
    expect(JSON.stringify(result.users)).not.toMatch(SECRETS)
  })

  it('puts users in the --org organization when there is no claim to read', async () => {
    const result = await readAll(
      await readFirebase([json], {defaultOrganization: {id: 'org_12345678901234567'}, includeDisabled: true}),
    )
    expect(result.users.map((user) => user.ok && user.value.memberships)).toEqual(
      Array(4).fill([{organization: {id: 'org_12345678901234567'}, roles: []}]),
    )
  })

  it('keeps custom claims that are not a JSON object as they are', async () => {
    const file = scratch(
      'users.json',
      '{"users": [{"localId": "u1", "email": "a@x.test", "customAttributes": "oops"}]}',
    )
    const [user] = (await readAll(await readFirebase([file], {}))).users
    expect(user).toMatchObject({ok: true, value: {metadata: {custom_attributes: 'oops', migrated_from: 'firebase'}}})
  })

  it('refuses a second user export and a file that is not a Firebase export', async () => {
    await expect(readFirebase([json, csv], {})).rejects.toMatchObject({
      exit: 2,
      message: `${json} and ${csv} both hold Firebase users; pass only one of them`,
    })
    const cognito = fixture('cognito', 'users.csv')
    await expect(readFirebase([cognito], {})).rejects.toMatchObject({
      exit: 2,
      hint: 'pass the file written by `firebase auth:export users.json` (or users.csv)',
      message: `cannot tell what ${cognito} holds: it is CSV, and its first row (line 1) matches no export this command reads`,
    })
  })

  it('stops on broken CSV quoting without quoting the row', async () => {
    const row = (uid: string, name: string) => `${uid},${uid}@x.test,true,SECRETHASH,,${name}${','.repeat(23)}\n`
    const file = scratch('users.csv', row('u1', 'Ada') + row('u2', '"Grace'))
    const error = await readAll(await readFirebase([file], {})).catch((error: unknown) => error)
    expect(error).toMatchObject({exit: 2, message: `${file} line 2: not valid CSV: a quoted field is never closed`})
  })
})
