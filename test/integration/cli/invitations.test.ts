import {describe, expect, it} from 'vitest'

import type {InvitationMessage} from '../../../src/emulator/passwordless/outbox.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

const outbox = (to: string) =>
  runJson<{messages: InvitationMessage[]}>(['emulator', 'outbox', '--to', to], {env: emulator.env()})

describe('invitations on the emulator, from the CLI', () => {
  it('users create --invite mails an invitation that skctl emulator outbox shows and its link accepts', async () => {
    const env = emulator.env()
    expect((await run(['orgs', 'create', '--name', 'Invite Co', '--external-id', 'invite-co'], {env})).code).toBe(0)
    const created = await runJson<{id: string}>(
      ['users', 'create', '--org', 'invite-co', '--email', 'sam@invite.co', '--invite'],
      {env},
    )
    expect(created.code).toBe(0)

    const listed = await outbox('sam@invite.co')
    expect(listed.code).toBe(0)
    expect(listed.json.messages).toHaveLength(1)
    const email = listed.json.messages[0]!
    expect(email).toMatchObject({kind: 'invitation', type: 'INVITATION', reason: 'invite', userId: created.json.id})
    const table = await run(['emulator', 'outbox', '--to', 'sam@invite.co'], {env})
    expect(table.stdout).toMatch(/^TIME\s+TO\s+TYPE\s+OTP\s+LINK$/m)
    expect(table.stdout).toContain(`sam@invite.co  INVITATION`)
    expect(table.stdout).toContain(email.acceptLink)

    expect((await fetch(email.acceptLink)).status).toBe(200)
    const user = await runJson<{memberships: Array<{membershipStatus: string}>}>(['users', 'get', created.json.id], {
      env,
    })
    expect(user.json.memberships[0]?.membershipStatus).toBe('ACTIVE')
  })

  it('memberships resend-invite mails a new invitation', async () => {
    const env = emulator.env()
    await run(['orgs', 'create', '--name', 'Resend Co', '--external-id', 'resend-co'], {env})
    await run(['users', 'create', '--org', 'resend-co', '--email', 'kim@resend.co', '--invite'], {env})
    const resent = await run(['memberships', 'resend-invite', '--org', 'resend-co', '--user', 'kim@resend.co'], {env})
    expect(resent.code).toBe(0)
    const {json} = await outbox('kim@resend.co')
    expect(json.messages.map((m) => m.reason)).toEqual(['invite', 'resend'])
    expect(json.messages[0]!.acceptLink).not.toBe(json.messages[1]!.acceptLink)
    expect((await fetch(json.messages[0]!.acceptLink)).status).toBe(410)
  })
})
