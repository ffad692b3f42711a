import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import type {MembershipJson, UserJson} from '../../../src/api/users.js'
import {EXPORT_FORMATS, toExported} from '../../../src/import/export.js'
import type {SourceItem, UserSpec} from '../../../src/import/model.js'
import {readUserFile} from '../../../src/import/user-file.js'
import {tempDir} from '../../helpers/tmp.js'

const membership = (organizationId: string, roles: string[]): MembershipJson => ({
  membershipStatus: 'ACTIVE',
  metadata: {},
  organizationId,
  roles: roles.map((name) => ({name})),
})

const user = (fields: Partial<UserJson> = {}): UserJson => ({
  email: 'ann@example.com',
  externalId: 'ext-1',
  id: 'usr_1',
  memberships: [membership('org_1', ['member', 'admin'])],
  metadata: {plan: 'pro'},
  userProfile: {emailVerified: true, familyName: 'Lee', givenName: 'Ann'},
  ...fields,
})

describe('toExported', () => {
  it('writes a user in the import columns', () => {
    expect(toExported(user())).toEqual({
      ambiguousRoles: false,
      user: {
        id: 'usr_1',
        email: 'ann@example.com',
        first_name: 'Ann',
        last_name: 'Lee',
        email_verified: true,
        external_id: 'ext-1',
        roles: ['admin', 'member'],
        organization: ['org_1'],
        metadata: {plan: 'pro'},
      },
    })
  })

  it('leaves unknown profile fields empty, and says nothing about verification it does not know', () => {
    expect(toExported(user({externalId: undefined, userProfile: undefined})).user).toMatchObject({
      email_verified: null,
      external_id: '',
      first_name: '',
      last_name: '',
    })
  })

  it('gives no roles when they differ between the organizations (ambiguous)', () => {
    const both = user({memberships: [membership('org_1', ['admin']), membership('org_2', ['member'])]})
    expect(toExported(both)).toMatchObject({ambiguousRoles: true, user: {organization: ['org_1', 'org_2'], roles: []}})
  })

  it('keeps roles that are the same everywhere, whatever their order', () => {
    const same = user({
      memberships: [membership('org_1', ['admin', 'member']), membership('org_2', ['member', 'admin'])],
    })
    expect(toExported(same)).toMatchObject({ambiguousRoles: false, user: {roles: ['admin', 'member']}})
  })

  it('with an organization, gives that organization and the roles held there only', () => {
    const both = user({memberships: [membership('org_1', ['admin']), membership('org_2', ['member'])]})
    expect(toExported(both, 'org_2')).toMatchObject({
      ambiguousRoles: false,
      user: {organization: ['org_2'], roles: ['member']},
    })
  })
})

/** Users whose values are awkward in a spreadsheet: formula-looking, quoted, multi-line. */
const awkward: UserJson[] = [
  user(),
  user({
    email: '+sum@example.com',
    externalId: '-5',
    id: 'usr_2',
    memberships: [membership('org_1', []), membership('org_2', [])],
    metadata: {formula: '=HYPERLINK("http://x")', at: '@cmd', quoted: "'=already"},
    userProfile: {emailVerified: false, familyName: 'Smith, "Jr."\nthe second', givenName: '=1+1'},
  }),
  // Values that already begin with an apostrophe keep it.
  user({
    email: 'carol@example.com',
    externalId: "'@kept",
    id: 'usr_3',
    userProfile: {emailVerified: true, familyName: "'-kept", givenName: "'=kept"},
  }),
]

async function exportThenImport(format: 'csv' | 'jsonl'): Promise<UserSpec[]> {
  const path = join(tempDir(), `users.${format}`)
  const {header, line} = EXPORT_FORMATS[format]
  writeFileSync(path, header + awkward.map((u) => line(toExported(u).user)).join(''))
  const users: UserSpec[] = []
  for await (const item of readUserFile(path, {map: new Map()}) as AsyncIterable<SourceItem<UserSpec>>) {
    if (!item.ok) throw new Error(`line ${item.at.line}: ${item.error.message}`)
    users.push(item.value)
  }
  return users
}

describe('export → import', () => {
  it.each(['csv', 'jsonl'] as const)('is lossless through %s', async (format) => {
    const users = await exportThenImport(format)
    expect(users).toEqual(
      awkward.map((u) => ({
        email: u.email,
        emailVerified: u.userProfile?.emailVerified,
        externalId: u.externalId,
        firstName: u.userProfile?.givenName,
        lastName: u.userProfile?.familyName,
        memberships: u.memberships.map((m) => ({
          organization: {id: m.organizationId},
          roles: m.roles.map((r) => r.name).sort(),
        })),
        metadata: u.metadata,
        roles: u.memberships[0]!.roles.map((r) => r.name).sort(),
      })),
    )
  })

  it('neutralises formula-looking cells in the CSV it writes', () => {
    const {header, line} = EXPORT_FORMATS.csv
    expect(header).toBe('id,email,first_name,last_name,email_verified,external_id,roles,organization,metadata\r\n')
    expect(line(toExported(awkward[1]!).user)).toBe(
      'usr_2,\'+sum@example.com,\'=1+1,"Smith, ""Jr.""\nthe second",false,\'-5,,org_1;org_2,' +
        '"{""formula"":""=HYPERLINK(\\""http://x\\"")"",""at"":""@cmd"",""quoted"":""\'=already""}"\r\n',
    )
  })
})
