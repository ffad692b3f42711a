import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import type {InvitationMessage, OutboxMessage} from '../../../src/emulator/passwordless/outbox.js'
import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'
import {basicAuth, sdk} from './support.js'

const DAY_MS = 24 * 60 * 60 * 1000
let clockOffset = 0
let emulator: RunningEmulator
let app: WebhookReceiver

beforeAll(async () => {
  emulator = await startEmulator({port: 0, clock: () => Date.now() + clockOffset, webhookRetryBaseMs: 5})
  app = await startWebhookReceiver()
  await admin('POST', '/_emulator/webhooks', {
    url: app.url,
    events: ['user.organization_invitation', 'user.organization_membership_created'],
  })
})

afterAll(async () => {
  await emulator?.close()
  await app?.close()
})

afterEach(() => {
  clockOffset = 0
})

async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {authorization: basicAuth(), 'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

/** What an app's test does: read the newest email to an address from the outbox. */
async function lastInvitationTo(email: string): Promise<InvitationMessage> {
  const {messages} = (await admin('GET', `/_emulator/outbox?to=${encodeURIComponent(email)}`)) as {
    messages: OutboxMessage[]
  }
  const message = messages.at(-1)
  if (message?.kind !== 'invitation') throw new Error(`no invitation to ${email}`)
  return message
}

async function membershipStatus(userId: string, organizationId = SEED_IDS.organization) {
  const {user} = await sdk(emulator.url).user.getUser(userId)
  return user!.memberships.find((m) => m.organizationId === organizationId)?.membershipStatus
}

/** The webhook envelopes the app has received so far, of one type. */
async function received(type: string, count: number) {
  const all = await app.waitFor(count)
  return all
    .map((w) => JSON.parse(w.body) as {type: string; data: Record<string, unknown>})
    .filter((e) => e.type === type)
}

async function invite(email: string) {
  const {user} = await sdk(emulator.url).user.createUserAndMembership(SEED_IDS.organization, {
    email,
    sendInvitationEmail: true,
  })
  return user!
}

describe('invitations in the outbox', () => {
  it('mails the invitation with an accept link that activates the membership and emits the join event', async () => {
    const user = await invite('ivy@example.com')
    const email = await lastInvitationTo('ivy@example.com')
    expect(email).toMatchObject({
      kind: 'invitation',
      type: 'INVITATION',
      reason: 'invite',
      to: 'ivy@example.com',
      organizationId: SEED_IDS.organization,
      organizationName: 'Test Organization',
      userId: user.id,
      subject: 'You are invited to join Test Organization',
    })
    expect(email.acceptLink.startsWith(`${emulator.url}/invitations/accept/`)).toBe(true)
    expect(Date.parse(email.expiresAt) - Date.now()).toBeGreaterThan(14 * DAY_MS)
    expect(await membershipStatus(user.id)).toBe(MembershipStatus.PENDING_INVITE)

    const accepted = await fetch(email.acceptLink)
    expect(accepted.status).toBe(200)
    expect(accepted.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await accepted.text()).toContain('is now a member of')
    expect(await membershipStatus(user.id)).toBe(MembershipStatus.ACTIVE)
    expect((await sdk(emulator.url).user.getUser(user.id)).user?.userProfile?.emailVerified).toBe(true)

    const [invited] = await received('user.organization_invitation', 1)
    expect(invited?.data).toMatchObject({organization: {id: SEED_IDS.organization}, user: {id: user.id}})
    const [joined] = await received('user.organization_membership_created', 2)
    expect(joined).toMatchObject({
      type: 'user.organization_membership_created',
      object: 'OrgMembershipEvent',
      organization_id: SEED_IDS.organization,
      data: {
        organization: {id: SEED_IDS.organization, external_id: null},
        user: {id: user.id, email: 'ivy@example.com', user_profile: {email_verified: true}},
      },
    })

    // Opened again, the used link says so.
    const reused = await fetch(email.acceptLink)
    expect(reused.status).toBe(410)
    expect(await reused.text()).toContain('already been accepted')
  })

  it('a resent invitation is a new email whose link replaces the old one', async () => {
    const user = await invite('rex@example.com')
    const first = await lastInvitationTo('rex@example.com')
    await sdk(emulator.url).user.resendInvite(SEED_IDS.organization, user.id)
    const second = await lastInvitationTo('rex@example.com')
    expect(second).toMatchObject({reason: 'resend', to: 'rex@example.com'})
    expect(second.id > first.id).toBe(true)
    expect(second.acceptLink).not.toBe(first.acceptLink)

    const old = await fetch(first.acceptLink)
    expect(old.status).toBe(410)
    expect(await old.text()).toContain('newer invitation email')
    expect(await membershipStatus(user.id)).toBe(MembershipStatus.PENDING_INVITE)
    expect((await fetch(second.acceptLink)).status).toBe(200)
    expect(await membershipStatus(user.id)).toBe(MembershipStatus.ACTIVE)
  })

  it('an expired link and a withdrawn invitation show a page that says so; an unknown link is 404', async () => {
    await invite('old@example.com')
    const expired = await lastInvitationTo('old@example.com')
    clockOffset = 16 * DAY_MS
    const late = await fetch(expired.acceptLink)
    expect(late.status).toBe(410)
    expect(await late.text()).toContain('This invitation expired on')
    clockOffset = 0

    const withdrawn = await invite('gone@example.com')
    const email = await lastInvitationTo('gone@example.com')
    await sdk(emulator.url).user.deleteMembership(SEED_IDS.organization, withdrawn.id)
    const response = await fetch(email.acceptLink)
    expect(response.status).toBe(410)
    expect(await response.text()).toContain('no longer pending')

    const unknown = await fetch(`${emulator.url}/invitations/accept/not-a-token`)
    expect(unknown.status).toBe(404)
  })

  it('an invitation through CreateMembership lands in the outbox too; none without sendInvitationEmail', async () => {
    const client = sdk(emulator.url)
    const {organization} = await client.organization.createOrganization('Second Org')
    const user = await invite('two@example.com')
    await client.user.createMembership(organization!.id, user.id, {sendInvitationEmail: true})
    const email = await lastInvitationTo('two@example.com')
    expect(email).toMatchObject({organizationId: organization!.id, organizationName: 'Second Org'})

    await client.user.createUserAndMembership(SEED_IDS.organization, {email: 'quiet@example.com'})
    expect(await admin('GET', '/_emulator/outbox?to=quiet@example.com')).toEqual({messages: []})
  })
})
