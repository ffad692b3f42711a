import {describe, expect, it} from 'vitest'

import {createUser as createUserInProcess, getUser, type NewUser, parseUserRef} from '../../../src/api/users.js'
import {assertRoleNames, parseKeyValues} from '../../../src/input.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {cliApi, createOrganization} from '../../helpers/resources.js'

const emulator = useEmulator()

interface Membership {
  membershipStatus: string
  organizationId: string
  roles: Array<{name: string}>
}
interface User {
  email: string
  externalId?: string
  id: string
  memberships: Membership[]
  metadata: Record<string, string>
  userProfile?: {emailVerified?: boolean; familyName?: string; givenName?: string}
}
type ErrorDoc = {error: {code: string; hint: string | null; message: string}}

const createOrg = (name: string, externalId: string) => createOrganization(emulator, name, externalId)

/**
 * A user created in-process through the capability `users create` runs (its result is what --json prints), for
 * tests about other commands; `users create` itself is run by the tests about it.
 */
const fixtureUser = async (org: string, user: Partial<NewUser> & {email: string}) =>
  (await createUserInProcess(cliApi(emulator), org, {invite: false, ...user})) as User

async function createUser(...args: string[]): Promise<User> {
  const {code, json, stderr} = await runJson<User>(['users', 'create', ...args], {env: emulator.env()})
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

describe('skctl users', () => {
  it('creates an active, verified user by default, with names, metadata and roles', async () => {
    const org = await createOrg('Users Co', 'users-co')
    const user = await createUser(
      '--org',
      'users-co',
      '--email',
      'Jane@Users.co',
      '--first-name',
      'Jane',
      '--last-name',
      'Doe',
      '--external-id',
      'crm-1',
      '--metadata',
      'team=ops',
      '--role',
      'admin',
    )
    expect(user.id).toMatch(/^usr_\d+$/)
    expect(user).toMatchObject({externalId: 'crm-1', metadata: {team: 'ops'}})
    expect(user.userProfile).toMatchObject({emailVerified: true, familyName: 'Doe', givenName: 'Jane'})
    expect(user.memberships).toEqual([
      expect.objectContaining({
        membershipStatus: 'ACTIVE',
        organizationId: org,
        roles: [expect.objectContaining({name: 'admin'})],
      }),
    ])
  })

  it('--invite leaves the membership pending and the email unverified', async () => {
    await createOrg('Invite Co', 'invite-co')
    const user = await createUser('--org', 'invite-co', '--email', 'sam@invite.co', '--invite')
    expect(user.memberships[0]?.membershipStatus).toBe('PENDING_INVITE')
    expect(user.userProfile?.emailVerified).toBe(false)
  })

  it('gets a user by id, email (any case) and external id', async () => {
    const org = await createOrg('Get Co', 'get-co')
    const user = await fixtureUser(org, {email: 'get.me@get.co', externalId: 'get-ext'})
    for (const args of [[user.id], ['--email', 'get.me@get.co'], ['--external-id', 'get-ext']]) {
      const {code, json} = await runJson<User>(['users', 'get', ...args], {env: emulator.env()})
      expect(code).toBe(0)
      expect(json.id).toBe(user.id)
    }
    // The other forms of the argument (an email in any case, an external id), as the command resolves it.
    for (const arg of ['GET.ME@get.co', 'get-ext']) {
      expect((await getUser(cliApi(emulator), parseUserRef(arg))).id).toBe(user.id)
    }
  })

  it('lists users of the environment and the members of one organization, with status and roles', async () => {
    const org = await createOrg('Members Co', 'members-co')
    await fixtureUser(org, {email: 'a@members.co'})
    await fixtureUser(org, {email: 'b@members.co', invite: true})
    const members = await runJson<{users: User[]}>(['users', 'list', '--org', 'members-co'], {env: emulator.env()})
    expect(members.json.users.map((u) => u.email).sort()).toEqual(['a@members.co', 'b@members.co'])
    const all = await runJson<{users: User[]}>(['users', 'list', '--all'], {env: emulator.env()})
    expect(all.json.users.length).toBeGreaterThanOrEqual(2)
    const table = await run(['users', 'list', '--org', 'members-co'], {env: emulator.env()})
    expect(table.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+EXTERNAL ID\s+STATUS\s+ROLES/m)
    expect(table.stdout).toMatch(/b@members\.co.*pending invite/)
  })

  it('searches users, environment-wide and within an organization', async () => {
    await fixtureUser(await createOrg('Search Co', 'search-co'), {email: 'findme@search.co'})
    const found = await runJson<{users: User[]}>(['users', 'search', 'findme'], {env: emulator.env()})
    expect(found.json.users.map((u) => u.email)).toEqual(['findme@search.co'])
    const inOrg = await runJson<{users: User[]}>(['users', 'search', 'findme', '--org', 'members-co'], {
      env: emulator.env(),
    })
    expect(inOrg.json.users).toEqual([])
  })

  it('updates names, external id and merges metadata', async () => {
    await fixtureUser(await createOrg('Update Co', 'update-co'), {email: 'up@update.co', metadata: {tier: '1'}})
    const {code, json} = await runJson<User>(
      ['users', 'update', 'up@update.co', '--first-name', 'Upton', '--external-id', 'up-ext', '--metadata', 'seat=2'],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({
      externalId: 'up-ext',
      metadata: {seat: '2', tier: '1'},
      userProfile: {givenName: 'Upton'},
    })
  })

  it('deletes a user only with confirmation', async () => {
    const user = await fixtureUser(await createOrg('Delete Co', 'delete-co'), {email: 'bye@delete.co'})
    const client = await emulator.sdk()
    expect((await runJson(['users', 'delete', user.id], {env: emulator.env()})).code).toBe(2)
    expect((await client.user.getUser(user.id)).user?.id).toBe(user.id)
    const deleted = await runJson(['users', 'delete', 'bye@delete.co', '--yes'], {env: emulator.env()})
    expect(deleted.json).toEqual({deleted: true, id: user.id})
    // Gone on the server (that `users get` of an unknown user exits 4 is tested below).
    await expect(client.user.getUser(user.id)).rejects.toMatchObject({grpcStatus: 5})
  })
})

describe('skctl users — errors', () => {
  it('a duplicate email (in another case) exits 1 and says how to find the existing user', async () => {
    await fixtureUser(await createOrg('Dup Co', 'dup-co'), {email: 'dup@dup.co'})
    const {code, json} = await runJson<ErrorDoc>(['users', 'create', '--org', 'dup-co', '--email', 'DUP@dup.co'], {
      env: emulator.env(),
    })
    expect(code).toBe(1)
    expect(json.error).toMatchObject({code: 'already_exists', hint: 'skctl users get --email DUP@dup.co'})
    expect(json.error.message).toMatch(/already exists/)
  })

  it('an invalid email, a bad role or bad metadata exits 2 before any call', async () => {
    const before = await emulator.stats()
    const {code} = await runJson(['users', 'create', '--org', 'org_1', '--email', 'not-an-email'], {
      env: emulator.env(),
    })
    expect(code).toBe(2)
    expect((await emulator.stats()).rpc).toEqual(before.rpc)
    // The role and metadata checks `users create` runs, beside the email one, before it builds any client.
    expect(() => assertRoleNames(['no spaces'])).toThrow(expect.objectContaining({exit: 2}))
    expect(() => parseKeyValues(['oops'])).toThrow(expect.objectContaining({exit: 2}))
  })

  it('a too-long external id exits 2 before any call', async () => {
    const before = await emulator.stats()
    const {code, json} = await runJson<ErrorDoc>(
      ['users', 'create', '--org', 'org_1', '--email', 'long@long.co', '--external-id', 'x'.repeat(600)],
      {env: emulator.env()},
    )
    expect(code).toBe(2)
    expect(json.error.message).toBe('--external-id is 600 characters long; at most 510 are allowed')
    expect((await emulator.stats()).rpc).toEqual(before.rpc)
  })

  it("the server's validation messages come back readable, exit 2", async () => {
    await createOrg('Rules Co', 'rules-co')
    const {code, json} = await runJson<ErrorDoc>(
      ['users', 'create', '--org', 'rules-co', '--email', 'rules@rules.co', '--metadata', 'ab=1'],
      {env: emulator.env()},
    )
    expect(code).toBe(2)
    expect(json.error.message).toBe('user.metadata["ab"]: must be at least 3 characters [string.min_len]')
  })

  it('unknown users and organizations exit 4, naming them', async () => {
    const user = await runJson<ErrorDoc>(['users', 'get', 'usr_1234567890123456789'], {env: emulator.env()})
    expect(user.code).toBe(4)
    expect(user.json.error.message).toContain('usr_1234567890123456789')
    const email = await runJson<ErrorDoc>(['users', 'get', 'nobody@nowhere.co'], {env: emulator.env()})
    expect(email.code).toBe(4)
    expect(email.json.error.message).toContain('nobody@nowhere.co')
    const org = await runJson<ErrorDoc>(['users', 'create', '--org', 'no-such-org', '--email', 'x@y.co'], {
      env: emulator.env(),
    })
    expect(org.code).toBe(4)
  })
})
