import {timestampMs} from '@bufbuild/protobuf/wkt'
import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {describe, expect, it} from 'vitest'
import {failure, useSdkEmulator} from './support.js'

const DAY_MS = 24 * 60 * 60 * 1000

const ctx = useSdkEmulator()

async function newOrganization(name: string): Promise<string> {
  return (await ctx.client.organization.createOrganization(name)).organization!.id
}

async function newUser(organizationId: string, email: string, options: {externalId?: string} = {}) {
  return (await ctx.client.user.createUserAndMembership(organizationId, {email, ...options})).user!
}

describe('UserService: users', () => {
  it('creates a user with an active membership holding the default member role', async () => {
    const before = Date.now()
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {
      email: 'ada@lovelace.example',
      externalId: 'ada-1',
      userProfile: {firstName: 'Ada', lastName: 'Lovelace'},
      metadata: {team: 'engines'},
    })
    expect(user?.id).toMatch(/^usr_\d{17}$/)
    expect(user?.environmentId).toMatch(/^env_\d{17}$/)
    expect(user).toMatchObject({
      email: 'ada@lovelace.example',
      externalId: 'ada-1',
      metadata: {team: 'engines'},
      userProfile: {
        givenName: 'Ada',
        familyName: 'Lovelace',
        firstName: 'Ada',
        lastName: 'Lovelace',
        name: 'Ada Lovelace',
        emailVerified: true,
      },
    })
    expect(user?.userProfile?.id).toMatch(/^prof_\d{17}$/)
    const [membership] = user!.memberships
    expect(membership).toMatchObject({
      organizationId: ctx.seededOrg,
      name: 'Test Organization',
      membershipStatus: MembershipStatus.ACTIVE,
      roles: [{name: 'member', displayName: 'Member'}],
    })
    expect(membership?.roles[0]?.id).toMatch(/^role_\d{17}$/)
    expect(timestampMs(membership!.joinTime!)).toBeGreaterThanOrEqual(before - 1000)
    expect(membership?.expiresAt).toBeUndefined()
  })

  it('invites: a pending membership with an unverified email that expires in 15 days', async () => {
    const before = Date.now()
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {
      email: 'invitee@example.net',
      sendInvitationEmail: true,
    })
    expect(user?.userProfile?.emailVerified).toBe(false)
    const membership = user!.memberships[0]!
    expect(membership.membershipStatus).toBe(MembershipStatus.PENDING_INVITE)
    const expiresIn = timestampMs(membership.expiresAt!) - before
    expect(expiresIn).toBeGreaterThan(15 * DAY_MS - 60_000)
    expect(expiresIn).toBeLessThanOrEqual(15 * DAY_MS + 60_000)

    const {invite} = await ctx.client.user.resendInvite(ctx.seededOrg, user!.id)
    expect(invite).toMatchObject({
      organizationId: ctx.seededOrg,
      userId: user!.id,
      status: 'PENDING_INVITE',
      resentCount: 1,
    })
    expect(timestampMs(invite!.resentAt!)).toBeGreaterThanOrEqual(before - 1000)
    expect((await ctx.client.user.resendInvite(ctx.seededOrg, user!.id)).invite?.resentCount).toBe(2)
  })

  it('resends invites only for pending memberships', async () => {
    const active = await newUser(ctx.seededOrg, 'active@example.net')
    const error = await failure(ctx.client.user.resendInvite(ctx.seededOrg, active.id))
    expect(error.name).toBe('ScalekitBadRequestException')
    expect(error.errorCode).toBe('FAILED_PRECONDITION')
    expect(error.message).toBe(
      `[failed_precondition] user ${active.id} has no pending invite to organization ${ctx.seededOrg} (membership is ACTIVE)`,
    )
  })

  it('refuses a taken email in any letter case and a taken external id', async () => {
    await newUser(ctx.seededOrg, 'Grace@Hopper.example', {externalId: 'grace'})
    const email = await failure(newUser(ctx.seededOrg, 'grace@HOPPER.example'))
    expect(email.name).toBe('ScalekitConflictException')
    expect(email.errorCode).toBe('ALREADY_EXISTS')
    expect(email.message).toBe('[already_exists] user with email grace@HOPPER.example already exists')
    const externalId = await failure(newUser(ctx.seededOrg, 'other@hopper.example', {externalId: 'grace'}))
    expect(externalId.message).toBe('[already_exists] user with external_id grace already exists')
  })

  it('validates the email and the ids with the descriptor rules', async () => {
    const invalid = await failure(newUser(ctx.seededOrg, 'not-an-email'))
    expect(invalid.errorCode).toBe('INVALID_ARGUMENT')
    expect(invalid.message).toBe('[invalid_argument] user.email: must be a valid email address [string.email]')
    const shortId = await failure(ctx.client.user.deleteUser('usr_123'))
    expect(shortId.message).toBe('[invalid_argument] id: must be at least 19 characters [string.min_len]')
  })

  it('gets a user by id and by external id, and NOT_FOUND names what was asked for', async () => {
    const created = await newUser(ctx.seededOrg, 'fetch@example.net', {externalId: 'fetch-1'})
    expect((await ctx.client.user.getUser(created.id)).user?.email).toBe('fetch@example.net')
    expect((await ctx.client.user.getUserByExternalId('fetch-1')).user?.id).toBe(created.id)

    const missing = await failure(ctx.client.user.getUser('usr_12345678901234567'))
    expect(missing.name).toBe('ScalekitNotFoundException')
    expect(missing.errorCode).toBe('NOT_FOUND')
    expect(missing.message).toBe('[not_found] user usr_12345678901234567 not found')
    const missingExternal = await failure(ctx.client.user.getUserByExternalId('nobody'))
    expect(missingExternal.message).toBe('[not_found] user with external_id nobody not found')
    const noOrg = await failure(newUser('org_12345678901234567', 'orphan@example.net'))
    expect(noOrg.message).toBe('[not_found] organization org_12345678901234567 not found')
  })

  it('updates only the given fields, by id and by external id', async () => {
    const created = (
      await ctx.client.user.createUserAndMembership(ctx.seededOrg, {
        email: 'update@example.net',
        externalId: 'upd-1',
        userProfile: {firstName: 'Alan', lastName: 'Turing'},
        metadata: {aaa: 'one'},
      })
    ).user!
    const renamed = (await ctx.client.user.updateUser(created.id, {userProfile: {firstName: 'Alonzo'}})).user
    expect(renamed?.userProfile).toMatchObject({givenName: 'Alonzo', familyName: 'Turing', name: 'Alonzo Turing'})
    expect(renamed).toMatchObject({externalId: 'upd-1', metadata: {aaa: 'one'}, email: 'update@example.net'})

    const tagged = (await ctx.client.user.updateUserByExternalId('upd-1', {metadata: {bbb: 'two'}})).user
    expect(tagged?.metadata).toEqual({bbb: 'two'})
    expect(tagged?.userProfile?.givenName).toBe('Alonzo')

    const moved = (await ctx.client.user.updateUser(created.id, {externalId: 'upd-2'})).user
    expect(moved?.externalId).toBe('upd-2')
    expect((await ctx.client.user.getUserByExternalId('upd-2')).user?.id).toBe(created.id)
    expect((await failure(ctx.client.user.getUserByExternalId('upd-1'))).errorCode).toBe('NOT_FOUND')

    await newUser(ctx.seededOrg, 'taken@example.net', {externalId: 'taken-ext'})
    const clash = await failure(ctx.client.user.updateUser(created.id, {externalId: 'taken-ext'}))
    expect(clash.message).toBe('[already_exists] user with external_id taken-ext already exists')
  })

  it('lists the environment users in pages and the members of one organization', async () => {
    const org = await newOrganization('Paging Users Co')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await newUser(org, `page${i}@paging.example`)).id)

    const first = await ctx.client.user.listOrganizationUsers(org, {pageSize: 2})
    expect(first.users.map((user) => user.id)).toEqual(ids.slice(0, 2))
    expect(first).toMatchObject({totalSize: 5, prevPageToken: ''})
    const second = await ctx.client.user.listOrganizationUsers(org, {pageSize: 2, pageToken: first.nextPageToken})
    expect(second.users.map((user) => user.id)).toEqual(ids.slice(2, 4))
    expect(second.prevPageToken).not.toBe('')
    const third = await ctx.client.user.listOrganizationUsers(org, {pageSize: 2, pageToken: second.nextPageToken})
    expect(third.users.map((user) => user.id)).toEqual(ids.slice(4))
    expect(third.nextPageToken).toBe('')

    const everyone: string[] = []
    let pageToken: string | undefined
    let totalSize = 0
    do {
      const page = await ctx.client.user.listUsers({pageSize: 100, pageToken})
      everyone.push(...page.users.map((user) => user.id))
      totalSize = page.totalSize
      pageToken = page.nextPageToken || undefined
    } while (pageToken)
    expect(everyone).toEqual(expect.arrayContaining(ids))
    expect(everyone).toHaveLength(totalSize)

    const missing = await failure(ctx.client.user.listOrganizationUsers('org_12345678901234567'))
    expect(missing.message).toBe('[not_found] organization org_12345678901234567 not found')
  })

  it('searches users case-insensitively by email, name, external id and id', async () => {
    const org = await newOrganization('Search Users Co')
    const found = (
      await ctx.client.user.createUserAndMembership(org, {
        email: 'marie@curie.example',
        externalId: 'RADIUM-88',
        userProfile: {firstName: 'Marie', lastName: 'Sklodowska'},
      })
    ).user!
    await newUser(ctx.seededOrg, 'pierre@curie.example')
    for (const query of ['SKLODOW', 'radium-8', found.id.slice(-7), 'marie@cur']) {
      const result = await ctx.client.user.searchUsers(query)
      expect(
        result.users.map((user) => user.id),
        query,
      ).toEqual([found.id])
    }
    expect((await ctx.client.user.searchUsers('curie.example')).totalSize).toBe(2)
    const inOrg = await ctx.client.user.searchOrganizationUsers(org, 'curie.example')
    expect(inOrg.users.map((user) => user.email)).toEqual(['marie@curie.example'])

    const short = await failure(ctx.client.user.searchUsers('ab'))
    expect(short.message).toBe('[invalid_argument] query: must be at least 3 characters [string.min_len]')
    const bigPage = await failure(ctx.client.user.searchUsers('curie', 31))
    expect(bigPage.message).toBe('[invalid_argument] page_size: must be less than or equal to 30 [uint32.lte]')
  })

  it('deletes a user with all of their memberships', async () => {
    const other = await newOrganization('Delete User Co')
    const user = await newUser(ctx.seededOrg, 'leaving@example.net', {externalId: 'leaving'})
    await ctx.client.user.createMembership(other, user.id)
    await ctx.client.user.deleteUserByExternalId('leaving')
    expect((await failure(ctx.client.user.getUser(user.id))).message).toBe(`[not_found] user ${user.id} not found`)
    expect((await ctx.client.user.listOrganizationUsers(other)).users).toEqual([])
    const again = await failure(ctx.client.user.deleteUser(user.id))
    expect(again.message).toBe(`[not_found] user ${user.id} not found`)
    // The email is free again.
    expect((await newUser(other, 'leaving@example.net')).id).not.toBe(user.id)
  })

  it('caps an organization at its max_allowed_users', async () => {
    const org = await newOrganization('Small Co')
    await ctx.client.organization.upsertUserManagementSettings(org, {maxAllowedUsers: 1})
    await newUser(org, 'first@small.example')
    const error = await failure(newUser(org, 'second@small.example'))
    expect(error.errorCode).toBe('FAILED_PRECONDITION')
    expect(error.message).toBe(`[failed_precondition] organization ${org} has reached its limit of 1 users`)
    // The refused user was not created either.
    expect((await ctx.client.user.searchUsers('second@small')).users).toEqual([])
  })
})

describe('UserService: memberships', () => {
  it('adds an existing user to another organization with the requested roles', async () => {
    const org = await newOrganization('Second Home Co')
    const user = await newUser(ctx.seededOrg, 'two-homes@example.net', {externalId: 'two-homes'})
    const {user: updated} = await ctx.client.user.createMembership(org, user.id, {
      roles: ['admin'],
      metadata: {seat: 'A1'},
    })
    const membership = updated!.memberships.find((m) => m.organizationId === org)
    expect(membership).toMatchObject({
      name: 'Second Home Co',
      membershipStatus: MembershipStatus.ACTIVE,
      roles: [{name: 'admin', displayName: 'Admin'}],
      metadata: {seat: 'A1'},
    })
    expect(updated!.memberships.map((m) => m.organizationId)).toEqual([ctx.seededOrg, org])

    const duplicate = await failure(ctx.client.user.createMembershipByExternalId(org, 'two-homes'))
    expect(duplicate.errorCode).toBe('ALREADY_EXISTS')
    expect(duplicate.message).toBe(`[already_exists] user ${user.id} is already a member of organization ${org}`)
    const third = await newOrganization('Third Home Co')
    const unknownRole = await failure(ctx.client.user.createMembership(third, user.id, {roles: ['viewer']}))
    expect(unknownRole.message).toBe('[not_found] role viewer not found')
  })

  it('applies the invitation rule to new memberships and verifies the email of an uninvited join', async () => {
    const org = await newOrganization('Invite Rule Co')
    const {user} = await ctx.client.user.createUserAndMembership(ctx.seededOrg, {
      email: 'rule@example.net',
      sendInvitationEmail: true,
    })
    const invited = (await ctx.client.user.createMembership(org, user!.id, {sendInvitationEmail: true})).user!
    expect(invited.memberships.map((m) => m.membershipStatus)).toEqual([
      MembershipStatus.PENDING_INVITE,
      MembershipStatus.PENDING_INVITE,
    ])
    expect(invited.userProfile?.emailVerified).toBe(false)

    const third = await newOrganization('Direct Join Co')
    const joined = (await ctx.client.user.createMembership(third, user!.id)).user!
    expect(joined.memberships.find((m) => m.organizationId === third)?.membershipStatus).toBe(MembershipStatus.ACTIVE)
    expect(joined.userProfile?.emailVerified).toBe(true)
  })

  it('updates roles and metadata, keeping what the request leaves empty', async () => {
    const user = await newUser(ctx.seededOrg, 'promote@example.net', {externalId: 'promote'})
    const promoted = (await ctx.client.user.updateMembership(ctx.seededOrg, user.id, {roles: ['admin']})).user!
    expect(promoted.memberships[0]?.roles.map((role) => role.name)).toEqual(['admin'])
    const tagged = (
      await ctx.client.user.updateMembershipByExternalId(ctx.seededOrg, 'promote', {metadata: {dept: 'ops'}})
    ).user!
    expect(tagged.memberships[0]).toMatchObject({roles: [{name: 'admin'}], metadata: {dept: 'ops'}})

    const stranger = await newUser(await newOrganization('Elsewhere Co'), 'stranger@example.net')
    const notMember = await failure(ctx.client.user.updateMembership(ctx.seededOrg, stranger.id, {roles: ['admin']}))
    expect(notMember.message).toBe(`[not_found] user ${stranger.id} is not a member of organization ${ctx.seededOrg}`)
  })

  it('deletes a membership; the user survives even with no membership left', async () => {
    const org = await newOrganization('Leave Co')
    const user = await newUser(org, 'survivor@example.net', {externalId: 'survivor'})
    await ctx.client.user.deleteMembershipByExternalId(org, 'survivor')
    const after = (await ctx.client.user.getUser(user.id)).user
    expect(after?.memberships).toEqual([])
    expect((await ctx.client.user.listOrganizationUsers(org)).totalSize).toBe(0)
    const again = await failure(ctx.client.user.deleteMembership(org, user.id))
    expect(again.message).toBe(`[not_found] user ${user.id} is not a member of organization ${org}`)
  })
})
