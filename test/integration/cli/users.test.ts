import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

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

async function createOrg(name: string, externalId: string): Promise<string> {
  const {json} = await runJson<{id: string}>(['orgs', 'create', '--name', name, '--external-id', externalId], {
    env: emulator.env(),
  })
  return json.id
}

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
    await createOrg('Get Co', 'get-co')
    const user = await createUser('--org', 'get-co', '--email', 'get.me@get.co', '--external-id', 'get-ext')
    for (const args of [
      [user.id],
      ['GET.ME@get.co'],
      ['--email', 'get.me@get.co'],
      ['--external-id', 'get-ext'],
      ['get-ext'],
    ]) {
      const {code, json} = await runJson<User>(['users', 'get', ...args], {env: emulator.env()})
      expect(code).toBe(0)
      expect(json.id).toBe(user.id)
    }
  })

  it('lists users of the environment and the members of one organization, with status and roles', async () => {
    await createOrg('Members Co', 'members-co')
    await createUser('--org', 'members-co', '--email', 'a@members.co')
    await createUser('--org', 'members-co', '--email', 'b@members.co', '--invite')
    const members = await runJson<{users: User[]}>(['users', 'list', '--org', 'members-co'], {env: emulator.env()})
    expect(members.json.users.map((u) => u.email).sort()).toEqual(['a@members.co', 'b@members.co'])
    const all = await runJson<{users: User[]}>(['users', 'list', '--all'], {env: emulator.env()})
    expect(all.json.users.length).toBeGreaterThanOrEqual(2)
    const table = await run(['users', 'list', '--org', 'members-co'], {env: emulator.env()})
    expect(table.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+EXTERNAL ID\s+STATUS\s+ROLES/m)
    expect(table.stdout).toMatch(/b@members\.co.*pending invite/)
  })

  it('searches users, environment-wide and within an organization', async () => {
    await createOrg('Search Co', 'search-co')
    await createUser('--org', 'search-co', '--email', 'findme@search.co')
    const found = await runJson<{users: User[]}>(['users', 'search', 'findme'], {env: emulator.env()})
    expect(found.json.users.map((u) => u.email)).toEqual(['findme@search.co'])
    const inOrg = await runJson<{users: User[]}>(['users', 'search', 'findme', '--org', 'members-co'], {
      env: emulator.env(),
    })
    expect(inOrg.json.users).toEqual([])
  })

  it('updates names, external id and merges metadata', async () => {
    await createOrg('Update Co', 'update-co')
    await createUser('--org', 'update-co', '--email', 'up@update.co', '--metadata', 'tier=1')
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
    await createOrg('Delete Co', 'delete-co')
    const user = await createUser('--org', 'delete-co', '--email', 'bye@delete.co')
    expect((await runJson(['users', 'delete', user.id], {env: emulator.env()})).code).toBe(2)
    expect((await runJson(['users', 'get', user.id], {env: emulator.env()})).code).toBe(0)
    const deleted = await runJson(['users', 'delete', 'bye@delete.co', '--yes'], {env: emulator.env()})
    expect(deleted.json).toEqual({deleted: true, id: user.id})
    expect((await runJson(['users', 'get', user.id], {env: emulator.env()})).code).toBe(4)
  })
})

describe('skctl users — errors', () => {
  it('a duplicate email (in another case) exits 1 and says how to find the existing user', async () => {
    await createOrg('Dup Co', 'dup-co')
    await createUser('--org', 'dup-co', '--email', 'dup@dup.co')
    const {code, json} = await runJson<ErrorDoc>(['users', 'create', '--org', 'dup-co', '--email', 'DUP@dup.co'], {
      env: emulator.env(),
    })
    expect(code).toBe(1)
    expect(json.error).toMatchObject({code: 'already_exists', hint: 'skctl users get --email DUP@dup.co'})
    expect(json.error.message).toMatch(/already exists/)
  })

  it('an invalid email, a bad role or bad metadata exits 2 before any call', async () => {
    const before = await emulator.stats()
    for (const args of [
      ['--email', 'not-an-email'],
      ['--email', 'ok@ok.co', '--role', 'no spaces'],
      ['--email', 'ok@ok.co', '--metadata', 'oops'],
    ]) {
      const {code} = await runJson(['users', 'create', '--org', 'org_1', ...args], {env: emulator.env()})
      expect(code).toBe(2)
    }
    expect((await emulator.stats()).rpc).toEqual(before.rpc)
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
