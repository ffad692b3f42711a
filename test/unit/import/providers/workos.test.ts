import {describe, expect, it} from 'vitest'

import {readWorkos} from '../../../../src/import/providers/workos.js'
import {fixture, readAll, scratch} from './support.js'

const ACME = 'org_01HV4Z8K3Q2W7E5R9T1Y6U0I8O'
const GLOBEX = 'org_01HV4ZB7N6M5L4K3J2H1G0F9E8'
const ADA = 'user_01HV50A1S2D3F4G5H6J7K8L9Z0'
const GRACE = 'user_01HV50B2Q3W4E5R6T7Y8U9I0P1'
const EDSGER = 'user_01HV50C3Z4X5C6V7B8N9M0L1K2'

const organizations = fixture('workos', 'organizations.json')
const users = fixture('workos', 'users.json')
const memberships = fixture('workos', 'organization_memberships.ndjson')

describe('readWorkos', () => {
  it('maps organizations, users and memberships, the WorkOS ids becoming external ids', async () => {
    const result = await readAll(await readWorkos([users, memberships, organizations], {}))
    expect(result.organizations).toEqual([
      {
        at: {file: organizations, line: 4, record: 1},
        ok: true,
        raw: {
          display_name: 'Acme Corporation',
          domains: 'acme.test',
          external_id: ACME,
          'metadata.migrated_from': 'workos',
          'metadata.tier': 'gold',
          'metadata.workos_external_id': 'acme-42',
        },
        value: {
          displayName: 'Acme Corporation',
          domains: ['acme.test'],
          externalId: ACME,
          metadata: {migrated_from: 'workos', tier: 'gold', workos_external_id: 'acme-42'},
        },
      },
      {
        at: {file: organizations, line: 17, record: 2},
        ok: true,
        raw: {
          display_name: 'Globex',
          domains: 'globex.test;globex-corp.test',
          external_id: GLOBEX,
          'metadata.migrated_from': 'workos',
        },
        value: {
          displayName: 'Globex',
          domains: ['globex.test', 'globex-corp.test'],
          externalId: GLOBEX,
          metadata: {migrated_from: 'workos'},
        },
      },
    ])
    expect(result.users).toEqual([
      {
        at: {file: users, line: 3, record: 1},
        ok: true,
        raw: {
          email: 'ada@acme.test',
          email_verified: 'true',
          external_id: ADA,
          first_name: 'Ada',
          last_name: 'Lovelace',
          'metadata.department': 'engineering',
          'metadata.migrated_from': 'workos',
          'metadata.tenant': ACME,
          'metadata.workos_external_id': 'crm-1001',
          organization: `${ACME};${GLOBEX}`,
          roles: 'admin;member',
        },
        value: {
          email: 'ada@acme.test',
          emailVerified: true,
          externalId: ADA,
          firstName: 'Ada',
          lastName: 'Lovelace',
          metadata: {department: 'engineering', migrated_from: 'workos', tenant: ACME, workos_external_id: 'crm-1001'},
          memberships: [
            {organization: {externalId: ACME}, roles: ['admin']},
            {organization: {externalId: GLOBEX}, roles: ['member']},
          ],
        },
      },
      {
        at: {file: users, line: 17, record: 2},
        ok: true,
        raw: {
          email: 'grace@globex.test',
          email_verified: 'false',
          external_id: GRACE,
          first_name: 'Grace',
          'metadata.migrated_from': 'workos',
          organization: GLOBEX,
          roles: 'billing',
        },
        value: {
          email: 'grace@globex.test',
          emailVerified: false,
          externalId: GRACE,
          firstName: 'Grace',
          metadata: {migrated_from: 'workos'},
          memberships: [{organization: {externalId: GLOBEX}, roles: ['billing']}],
        },
      },
      {
        at: {file: users, line: 27, record: 3},
        ok: true,
        raw: {
          email: 'edsger@example.test',
          email_verified: 'true',
          external_id: EDSGER,
          'metadata.migrated_from': 'workos',
        },
        value: {
          email: 'edsger@example.test',
          emailVerified: true,
          externalId: EDSGER,
          metadata: {migrated_from: 'workos'},
          memberships: [],
        },
      },
    ])
  })

  it('drops the password hash, counts it, and never shows it', async () => {
    const result = await readAll(await readWorkos([users], {}))
    expect(result.passwordHashes).toBe(1)
    expect(JSON.stringify(result.users)).not.toMatch(/N9qo8uLOickgx2ZMRZoMy|password/i)
  })

  it('reads lists saved as several pages, as arrays or NDJSON, without the "object" field', async () => {
    const page1 = scratch('orgs-1.json', '[{"id": "org_a", "name": "A", "domains": [{"domain": "a.test"}]}]')
    const page2 = scratch('orgs-2.ndjson', '{"id": "org_b", "name": "B"}\n')
    const people = scratch('users.ndjson', '{"id": "user_a", "email": "a@a.test"}\n')
    const members1 = scratch(
      'members-1.json',
      '{"data": [{"user_id": "user_a", "organization_id": "org_a", "role": "admin"}]}',
    )
    const members2 = scratch(
      'members-2.json',
      '[{"user_id": "user_a", "organization_id": "org_b", "roles": [{"slug": "x"}, {"slug": "y"}]}]',
    )
    const result = await readAll(await readWorkos([members2, page1, people, members1, page2], {}))
    expect(result.organizations.map((org) => org.ok && [org.value.externalId, org.value.domains])).toEqual([
      ['org_a', ['a.test']],
      ['org_b', []],
    ])
    expect(result.users.map((user) => user.ok && user.value.memberships)).toEqual([
      [
        {organization: {externalId: 'org_b'}, roles: ['x', 'y']},
        {organization: {externalId: 'org_a'}, roles: ['admin']},
      ],
    ])
  })

  it('places users by a metadata attribute, besides their memberships', async () => {
    const result = await readAll(await readWorkos([users], {organizationAttribute: 'tenant'}))
    expect(result.users.map((user) => user.ok && user.value.memberships)).toEqual([
      [{organization: {externalId: ACME}, roles: []}],
      [],
      [],
    ])
  })

  it('reports an organization without an id', async () => {
    const file = scratch('orgs.json', '[{"object": "organization", "name": "No id"}]')
    const result = await readAll(await readWorkos([file], {}))
    expect(result.organizations).toEqual([
      {
        at: {file, line: 1, record: 1},
        error: {code: 'missing_id', message: 'the organization has no id'},
        ok: false,
        raw: {display_name: 'No id', 'metadata.migrated_from': 'workos'},
      },
    ])
  })

  it('stops on a membership without its organization', async () => {
    const file = scratch('members.ndjson', '{"object": "organization_membership", "user_id": "user_a"}\n')
    await expect(readWorkos([file], {})).rejects.toMatchObject({
      exit: 2,
      message: `${file} line 1: the membership needs both user_id and organization_id`,
    })
  })

  it('refuses a file that is not a WorkOS list', async () => {
    const file = fixture('cognito', 'list-users.json')
    await expect(readWorkos([users, file], {})).rejects.toMatchObject({
      exit: 2,
      message: `cannot tell what ${file} holds: its first record (line 1) has the keys Users`,
    })
  })
})
