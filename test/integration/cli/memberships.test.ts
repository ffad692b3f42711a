import {describe, expect, it} from 'vitest'

import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

interface Membership {
  membershipStatus: string
  metadata: Record<string, string>
  organizationId: string
  roles: Array<{name: string}>
}
interface Result {
  membership: Membership | null
  user: {email: string; id: string; memberships: Membership[]}
}

async function setup(tag: string) {
  const env = emulator.env()
  const home = (
    await runJson<{id: string}>(['orgs', 'create', '--name', `Home ${tag}`, '--external-id', `home-${tag}`], {env})
  ).json.id
  const other = (
    await runJson<{id: string}>(['orgs', 'create', '--name', `Other ${tag}`, '--external-id', `other-${tag}`], {env})
  ).json.id
  const user = (
    await runJson<{id: string}>(
      ['users', 'create', '--org', home, '--email', `${tag}@member.co`, '--external-id', `ext-${tag}`],
      {
        env,
      },
    )
  ).json
  return {env, home, other, user}
}

describe('skctl memberships', () => {
  it('adds an existing user to another organization by email, active unless invited', async () => {
    const {env, other} = await setup('add')
    const added = await runJson<Result>(
      ['memberships', 'add', '--org', other, '--user', 'add@member.co', '--role', 'member'],
      {env},
    )
    expect(added.code).toBe(0)
    expect(added.json.membership).toMatchObject({membershipStatus: 'ACTIVE', organizationId: other})
    expect(added.json.user.memberships).toHaveLength(2)
  })

  it('an invited membership is pending, and its invitation can be resent', async () => {
    const {env, other} = await setup('inv')
    const added = await runJson<Result>(['memberships', 'add', '--org', `other-inv`, '--user', 'ext-inv', '--invite'], {
      env,
    })
    expect(added.json.membership?.membershipStatus).toBe('PENDING_INVITE')
    const resent = await runJson(['memberships', 'resend-invite', '--org', other, '--user', 'inv@member.co'], {env})
    expect(resent).toMatchObject({code: 0, json: {organizationId: other, resent: true}})
  })

  it('updates roles and metadata', async () => {
    const {env, home} = await setup('upd')
    const updated = await runJson<Result>(
      ['memberships', 'update', '--org', home, '--user', 'upd@member.co', '--role', 'admin', '--metadata', 'seat=7'],
      {env},
    )
    expect(updated.code).toBe(0)
    expect(updated.json.membership?.roles.map((r) => r.name)).toEqual(['admin'])
    expect(updated.json.membership?.metadata).toEqual({seat: '7'})
  })

  it('removes a membership with confirmation; the user survives in the other organization', async () => {
    const {env, home, other, user} = await setup('rm')
    await runJson(['memberships', 'add', '--org', other, '--user', user.id], {env})
    expect((await runJson(['memberships', 'remove', '--org', home, '--user', user.id], {env})).code).toBe(2)
    const removed = await runJson(['memberships', 'remove', '--org', home, '--user', user.id, '--yes'], {env})
    expect(removed.json).toEqual({organizationId: home, removed: true, userId: user.id})
    const after = await runJson<{memberships: Membership[]}>(['users', 'get', user.id], {env})
    expect(after.json.memberships.map((m) => m.organizationId)).toEqual([other])
  })

  it('errors: a duplicate membership exits 1; an unknown user exits 4; nothing to update exits 2', async () => {
    const {env, home, user} = await setup('err')
    const dup = await runJson<{error: {code: string}}>(['memberships', 'add', '--org', home, '--user', user.id], {env})
    expect(dup.code).toBe(1)
    expect(dup.json.error.code).toBe('already_exists')
    expect((await runJson(['memberships', 'add', '--org', home, '--user', 'ghost@member.co'], {env})).code).toBe(4)
    expect((await runJson(['memberships', 'update', '--org', home, '--user', user.id], {env})).code).toBe(2)
  })
})
