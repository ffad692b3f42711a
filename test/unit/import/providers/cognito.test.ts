import {describe, expect, it} from 'vitest'

import {readCognito} from '../../../../src/import/providers/cognito.js'
import {fixture, readAll, scratch} from './support.js'

const listUsers = fixture('cognito', 'list-users.json')
const csv = fixture('cognito', 'users.csv')

const ADA_SUB = '9a8b7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d'
const GRACE_SUB = '5b6c7d8e-2f3a-4b5c-9d0e-1f2a3b4c5d6e'
const LINUS_SUB = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f'

describe('readCognito', () => {
  it('maps list-users output: the sub as external id, custom attributes as metadata, the tenant as organization', async () => {
    const result = await readAll(await readCognito([listUsers], {organizationAttribute: 'custom:tenant'}))
    expect(result.organizations).toEqual([])
    expect(result.users).toEqual([
      {
        at: {file: listUsers, line: 3, record: 1},
        ok: true,
        raw: {
          email: 'ada@acme.test',
          email_verified: 'true',
          external_id: ADA_SUB,
          first_name: 'Ada',
          last_name: 'Lovelace',
          'metadata.cognito_username': 'ada',
          'metadata.migrated_from': 'cognito',
          'metadata.plan': 'enterprise',
          'metadata.tenant': 'acme',
          organization: 'acme',
        },
        value: {
          email: 'ada@acme.test',
          emailVerified: true,
          externalId: ADA_SUB,
          firstName: 'Ada',
          lastName: 'Lovelace',
          metadata: {cognito_username: 'ada', migrated_from: 'cognito', plan: 'enterprise', tenant: 'acme'},
          memberships: [{organization: {externalId: 'acme'}, roles: []}],
        },
      },
      {
        at: {file: listUsers, line: 20, record: 2},
        ok: true,
        raw: {
          email: 'grace@globex.test',
          email_verified: 'false',
          external_id: GRACE_SUB,
          first_name: 'Grace',
          last_name: 'Brewster Hopper',
          'metadata.migrated_from': 'cognito',
          'metadata.tenant': 'globex',
          organization: 'globex',
        },
        // The username is the sub here, so it is not repeated in metadata.
        value: {
          email: 'grace@globex.test',
          emailVerified: false,
          externalId: GRACE_SUB,
          firstName: 'Grace',
          lastName: 'Brewster Hopper',
          metadata: {migrated_from: 'cognito', tenant: 'globex'},
          memberships: [{organization: {externalId: 'globex'}, roles: []}],
        },
      },
      {
        at: {file: listUsers, line: 32, record: 3},
        error: {code: 'disabled_in_source', message: 'the user is disabled in Cognito', skip: true},
        ok: false,
        raw: {
          email: 'linus@acme.test',
          external_id: LINUS_SUB,
          'metadata.cognito_username': 'linus',
          'metadata.migrated_from': 'cognito',
          'metadata.tenant': 'acme',
          organization: 'acme',
        },
      },
    ])
  })

  it('drops a password-like attribute, counts it, and never shows it', async () => {
    const result = await readAll(await readCognito([listUsers], {}))
    expect(result.passwordHashes).toBe(1)
    expect(JSON.stringify(result.users)).not.toMatch(/R9h\/cIPz0gi|password/i)
  })

  it('accepts the attribute name without the custom: prefix, and imports disabled users when asked', async () => {
    const result = await readAll(
      await readCognito([listUsers], {includeDisabled: true, organizationAttribute: 'tenant'}),
    )
    expect(result.users.map((user) => user.ok && user.value.memberships)).toEqual([
      [{organization: {externalId: 'acme'}, roles: []}],
      [{organization: {externalId: 'globex'}, roles: []}],
      [{organization: {externalId: 'acme'}, roles: []}],
    ])
  })

  it('maps the user-import CSV: the username as external id, rows numbered after the header', async () => {
    const result = await readAll(await readCognito([csv], {defaultOrganization: {externalId: 'acme'}}))
    expect(result.passwordHashes).toBe(0)
    expect(result.users).toEqual([
      {
        at: {file: csv, line: 2, record: 1},
        ok: true,
        raw: {
          email: 'ada@acme.test',
          email_verified: 'true',
          external_id: 'ada',
          first_name: 'Ada',
          last_name: 'Lovelace',
          'metadata.migrated_from': 'cognito',
          'metadata.tenant': 'acme',
          organization: 'acme',
        },
        value: {
          email: 'ada@acme.test',
          emailVerified: true,
          externalId: 'ada',
          firstName: 'Ada',
          lastName: 'Lovelace',
          metadata: {migrated_from: 'cognito', tenant: 'acme'},
          memberships: [{organization: {externalId: 'acme'}, roles: []}],
        },
      },
      {
        at: {file: csv, line: 3, record: 2},
        ok: true,
        raw: {
          email: 'grace@globex.test',
          email_verified: 'false',
          external_id: 'grace',
          first_name: 'Grace',
          last_name: 'Hopper',
          'metadata.migrated_from': 'cognito',
          'metadata.tenant': 'globex',
          organization: 'acme',
        },
        value: {
          email: 'grace@globex.test',
          emailVerified: false,
          externalId: 'grace',
          firstName: 'Grace',
          lastName: 'Hopper',
          metadata: {migrated_from: 'cognito', tenant: 'globex'},
          memberships: [{organization: {externalId: 'acme'}, roles: []}],
        },
      },
      {
        // Grace's address spans lines 3 and 4, and line 5 is blank.
        at: {file: csv, line: 6, record: 3},
        ok: true,
        raw: {
          email: 'edsger@example.test',
          external_id: 'edsger',
          first_name: 'Edsger',
          last_name: 'Dijkstra',
          'metadata.migrated_from': 'cognito',
          organization: 'acme',
        },
        value: {
          email: 'edsger@example.test',
          externalId: 'edsger',
          firstName: 'Edsger',
          lastName: 'Dijkstra',
          metadata: {migrated_from: 'cognito'},
          memberships: [{organization: {externalId: 'acme'}, roles: []}],
        },
      },
    ])
  })

  it('counts lines right in a CSV with Windows line endings', async () => {
    const file = scratch('users.csv', 'cognito:username,email\r\na,a@x.test\r\n\r\n"b\r\nb",b@x.test\r\nc,c@x.test\r\n')
    const result = await readAll(await readCognito([file], {}))
    expect(result.users.map((user) => user.at)).toEqual([
      {file, line: 2, record: 1},
      {file, line: 4, record: 2},
      {file, line: 6, record: 3},
    ])
  })

  it('refuses two user files and a CSV without a cognito:username column', async () => {
    await expect(readCognito([csv, listUsers], {})).rejects.toMatchObject({
      exit: 2,
      message: `${csv} and ${listUsers} both hold Cognito users; pass only one of them`,
    })
    const other = scratch('people.csv', 'email,name\na@x.test,A\n')
    await expect(readCognito([other], {})).rejects.toMatchObject({
      exit: 2,
      message: `cannot tell what ${other} holds: it is CSV, and its first row (line 1) matches no export this command reads`,
    })
  })
})
