import {describe, expect, it} from 'vitest'

import {readAuth0} from '../../../../src/import/providers/auth0.js'
import {fixture, readAll, scratch} from './support.js'

const ACME = 'org_W2Ak6jKMwvu7N0Dj'
const GLOBEX = 'org_9xQe1bLkTq0ZpR3c'
const ADA = 'auth0|65f1a2b3c4d5e6f708192a3b'
const GRACE = 'google-oauth2|104729481234567890123'
const LINUS = 'auth0|65f1a2b3c4d5e6f708192a3c'
const EDSGER = 'auth0|65f1a2b3c4d5e6f708192a3d'

const files = ['members-globex.ndjson', 'users.ndjson', 'organizations.json', 'members-acme.json'].map((name) =>
  fixture('auth0', name),
)
const users = fixture('auth0', 'users.ndjson')
const organizations = fixture('auth0', 'organizations.json')

describe('readAuth0', () => {
  it('sorts the files by content and maps organizations, users and memberships', async () => {
    const result = await readAll(await readAuth0(files, {}))
    expect(result.organizations).toEqual([
      {
        at: {file: organizations, line: 2, record: 1},
        ok: true,
        raw: {
          display_name: 'Acme Corporation',
          external_id: ACME,
          'metadata.auth0_name': 'acme',
          'metadata.migrated_from': 'auth0',
          'metadata.region': 'eu',
          'metadata.tier': 'gold',
        },
        value: {
          displayName: 'Acme Corporation',
          domains: [],
          externalId: ACME,
          metadata: {auth0_name: 'acme', migrated_from: 'auth0', region: 'eu', tier: 'gold'},
        },
      },
      {
        at: {file: organizations, line: 8, record: 2},
        ok: true,
        raw: {
          display_name: 'globex',
          external_id: GLOBEX,
          'metadata.auth0_name': 'globex',
          'metadata.migrated_from': 'auth0',
        },
        value: {
          displayName: 'globex',
          domains: [],
          externalId: GLOBEX,
          metadata: {auth0_name: 'globex', migrated_from: 'auth0'},
        },
      },
    ])
    expect(result.users).toEqual([
      {
        at: {file: users, line: 1, record: 1},
        ok: true,
        raw: {
          email: 'ada@acme.test',
          email_verified: 'true',
          external_id: ADA,
          first_name: 'Ada',
          last_name: 'Lovelace',
          'metadata.migrated_from': 'auth0',
          'metadata.plan': 'enterprise',
          'metadata.seats': '25',
          'metadata.theme': 'dark',
          organization: `${GLOBEX};${ACME}`,
          roles: 'member;admin',
        },
        value: {
          email: 'ada@acme.test',
          emailVerified: true,
          externalId: ADA,
          firstName: 'Ada',
          lastName: 'Lovelace',
          // app_metadata wins over user_metadata for "plan".
          metadata: {migrated_from: 'auth0', plan: 'enterprise', seats: '25', theme: 'dark'},
          memberships: [
            {organization: {externalId: GLOBEX}, roles: ['member']},
            {organization: {externalId: ACME}, roles: ['admin']},
          ],
        },
      },
      {
        at: {file: users, line: 2, record: 2},
        ok: true,
        raw: {
          email: 'grace@globex.test',
          email_verified: 'false',
          external_id: GRACE,
          first_name: 'Grace',
          last_name: 'Brewster Hopper',
          'metadata.migrated_from': 'auth0',
          organization: GLOBEX,
          roles: 'admin;member',
        },
        value: {
          email: 'grace@globex.test',
          emailVerified: false,
          externalId: GRACE,
          firstName: 'Grace',
          lastName: 'Brewster Hopper',
          metadata: {migrated_from: 'auth0'},
          memberships: [{organization: {externalId: GLOBEX}, roles: ['admin', 'member']}],
        },
      },
      {
        at: {file: users, line: 4, record: 3},
        error: {code: 'disabled_in_source', message: 'the user is disabled in Auth0', skip: true},
        ok: false,
        raw: {
          email: 'linus@acme.test',
          email_verified: 'true',
          external_id: LINUS,
          first_name: 'Linus',
          last_name: 'Torvalds',
          'metadata.migrated_from': 'auth0',
          organization: ACME,
        },
      },
      {
        at: {file: users, line: 5, record: 4},
        ok: true,
        raw: {
          email: 'edsger@example.test',
          external_id: EDSGER,
          'metadata.locale': 'nl',
          'metadata.migrated_from': 'auth0',
        },
        // Auth0 put the email in `name`: it is not split into a first and last name.
        value: {
          email: 'edsger@example.test',
          externalId: EDSGER,
          metadata: {locale: 'nl', migrated_from: 'auth0'},
          memberships: [],
        },
      },
    ])
  })

  it('drops password hashes, counts them, and never shows them', async () => {
    const fromNdjson = await readAll(await readAuth0(files, {}))
    expect(fromNdjson.passwordHashes).toBe(1)
    expect(JSON.stringify([fromNdjson.organizations, fromNdjson.users])).not.toMatch(/\$2b\$10\$|password/i)

    const array = fixture('auth0', 'users.json')
    const fromArray = await readAll(await readAuth0([array], {}))
    expect(fromArray.passwordHashes).toBe(1)
    expect(JSON.stringify(fromArray.users)).not.toMatch(/\$2b\$10\$|password/i)
    expect(fromArray.users.map((user) => (user.ok ? [user.at, user.value] : user.error))).toEqual([
      [
        {file: array, line: 2, record: 1},
        {
          email: 'barbara@acme.test',
          emailVerified: true,
          externalId: 'auth0|7a1b2c3d4e5f60718293a4b5',
          firstName: 'Barbara',
          lastName: 'Liskov',
          metadata: {migrated_from: 'auth0', roles: '["admin"]'},
          memberships: [],
        },
      ],
      [
        {file: array, line: 11, record: 2},
        {
          email: 'ken@globex.test',
          externalId: 'auth0|7a1b2c3d4e5f60718293a4b6',
          firstName: 'Ken',
          lastName: 'Thompson',
          metadata: {migrated_from: 'auth0'},
          memberships: [],
        },
      ],
    ])
  })

  it('imports blocked users with includeDisabled, and gives --org to users without an organization', async () => {
    const result = await readAll(
      await readAuth0(files, {defaultOrganization: {externalId: 'fallback'}, includeDisabled: true}),
    )
    expect(result.users.map((user) => user.ok && [user.value.externalId, user.value.memberships])).toEqual([
      [
        ADA,
        [
          {organization: {externalId: GLOBEX}, roles: ['member']},
          {organization: {externalId: ACME}, roles: ['admin']},
        ],
      ],
      [GRACE, [{organization: {externalId: GLOBEX}, roles: ['admin', 'member']}]],
      [LINUS, [{organization: {externalId: ACME}, roles: []}]],
      [EDSGER, [{organization: {externalId: 'fallback'}, roles: []}]],
    ])
  })

  it('reads the organization from an app_metadata attribute', async () => {
    const file = scratch('users.ndjson', '{"user_id":"auth0|1","email":"a@x.test","app_metadata":{"tenant":"t-1"}}\n')
    const [user] = (await readAll(await readAuth0([file], {organizationAttribute: 'tenant'}))).users
    expect(user).toMatchObject({ok: true, value: {memberships: [{organization: {externalId: 't-1'}, roles: []}]}})
  })

  it('reports unreadable user records and reads on', async () => {
    const file = scratch('users.ndjson', '{"user_id":"auth0|1","email":"a@x.test"}\n{"user_id":\n42\n')
    const result = await readAll(await readAuth0([file], {}))
    expect(result.users.map((user) => [user.at.line, user.at.record, user.ok ? 'ok' : user.error.code])).toEqual([
      [1, 1, 'ok'],
      [2, 2, 'invalid_json'],
      [3, 3, 'invalid_record'],
    ])
    expect(result.users[1]).toMatchObject({raw: {}})
  })

  it('says which member shapes are accepted when a members list names no organization', async () => {
    const file = scratch('members.json', '[{"user_id": "auth0|1", "roles": ["admin"]}]')
    await expect(readAuth0([file], {})).rejects.toMatchObject({
      exit: 2,
      hint: expect.stringMatching(
        /named after its organization \(org_abc123\.json or members-org_abc123\.json.*--members org_abc123=FILE.*a map \{"org_abc123": \[members\]/,
      ),
      message: `${file} line 1: the member's organization is not known`,
    })
  })

  const membershipsOf = async (userFiles: string[], options = {}) => {
    const result = await readAll(await readAuth0(userFiles, options))
    return Object.fromEntries(
      result.users.flatMap((user) => (user.ok ? [[user.value.email, user.value.memberships]] : [])),
    )
  }

  it('reads `auth0 orgs members list ORG --json` output saved in a file named after its organization', async () => {
    const saved = fixture('auth0', `members-${ACME}.json`)
    const byEmail = await membershipsOf([users, saved])
    expect(byEmail['ada@acme.test']).toEqual([{organization: {externalId: ACME}, roles: []}])
    expect(byEmail['grace@globex.test']).toEqual([])
    // Named after the organization alone, as well.
    const bare = scratch(`${GLOBEX}.json`, `[{"user_id": "${GRACE}", "email": "grace@globex.test"}]`)
    expect((await membershipsOf([users, bare]))['grace@globex.test']).toEqual([
      {organization: {externalId: GLOBEX}, roles: []},
    ])
  })

  it('reads a map of member lists keyed by organization id', async () => {
    const byEmail = await membershipsOf([users, fixture('auth0', 'members-by-organization.json')])
    expect(byEmail['ada@acme.test']).toEqual([
      {organization: {externalId: ACME}, roles: ['admin']},
      {organization: {externalId: GLOBEX}, roles: ['member']},
    ])
    expect(byEmail['grace@globex.test']).toEqual([{organization: {externalId: GLOBEX}, roles: ['admin', 'member']}])
  })

  it('reads --members ORG=FILE lists, whatever the file is called', async () => {
    const members = [{file: fixture('auth0', 'globex-members.json'), organization: GLOBEX}]
    const byEmail = await membershipsOf([users], {members})
    expect(byEmail['grace@globex.test']).toEqual([{organization: {externalId: GLOBEX}, roles: []}])
  })

  it('a members list with no organization in its name is taken for users: the error lists the member shapes', async () => {
    const unnamed = scratch('acme.json', `[{"user_id": "${ADA}", "email": "ada@acme.test", "name": "Ada"}]`)
    await expect(readAuth0([users, unnamed], {})).rejects.toMatchObject({
      exit: 2,
      hint: expect.stringContaining('--members org_abc123=FILE'),
      message: `${users} and ${unnamed} both hold Auth0 users; pass only one of them`,
    })
  })

  it('stops on a members record it cannot read: a membership cannot be skipped', async () => {
    const file = scratch('members.ndjson', '{"user_id":"auth0|1","org_id":"org_1","roles":[]}\n{"user_id":\n')
    await expect(readAuth0([file], {})).rejects.toMatchObject({
      exit: 2,
      message: expect.stringMatching(new RegExp(`^${file} line 2: not valid JSON`)),
    })
  })

  it('refuses a file it cannot recognise, and a second user export', async () => {
    const unknown = scratch('other.json', '[{"sku": "A-1", "price": 3}]')
    await expect(readAuth0([users, unknown], {})).rejects.toMatchObject({
      exit: 2,
      message: `cannot tell what ${unknown} holds: its first record (line 1) has the keys sku, price`,
    })
    const csv = scratch('users.csv', 'user_id,email\nauth0|1,a@x.test\n')
    await expect(readAuth0([csv], {})).rejects.toMatchObject({
      message: `cannot tell what ${csv} holds: it is CSV, and its first row (line 1) matches no export this command reads`,
    })
    const array = fixture('auth0', 'users.json')
    await expect(readAuth0([users, array], {})).rejects.toMatchObject({
      exit: 2,
      message: `${users} and ${array} both hold Auth0 users; pass only one of them`,
    })
    await expect(readAuth0([], {})).rejects.toMatchObject({exit: 2, message: 'no export files given'})
    await expect(readAuth0([users, users], {})).rejects.toMatchObject({exit: 2, message: `${users} is given twice`})
    const broken = scratch('broken.ndjson', '{"user_id":\n{oops\n')
    await expect(readAuth0([broken], {})).rejects.toMatchObject({
      exit: 2,
      message: expect.stringMatching(new RegExp(`^no record of ${broken} can be read \\(line 1: not valid JSON: `)),
    })
  })
})
