import {ScalekitClient} from '@scalekit-sdk/node'
import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import type {InvitationMessage} from '../../src/emulator/passwordless/outbox.js'
import {launchChromium} from '../helpers/browser.js'
import {useEmulator} from '../helpers/emulator.js'
import {startWebhookReceiver, type WebhookReceiver} from '../helpers/webhook-receiver.js'

const INITIATE_LOGIN = 'http://127.0.0.1:9/auth/login/initiate'
const emulator = useEmulator({initiateLoginUri: INITIATE_LOGIN, webhookRetryBaseMs: 5})
let browser: Browser
let sk: ScalekitClient
let app: WebhookReceiver

beforeAll(async () => {
  browser = await launchChromium()
  sk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
  app = await startWebhookReceiver()
  await emulator.admin('POST', '/_emulator/webhooks', {url: app.url, events: ['user.organization_membership_created']})
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('accepting an invitation in a browser', () => {
  it('activates the membership, shows the organization as text and sends the join event; a second visit is 410', async () => {
    const name = '<b>Acme</b> & "Friends"'
    const {organization} = await sk.organization.createOrganization(name)
    const {user} = await sk.user.createUserAndMembership(organization!.id, {
      email: 'guest@acme.test',
      sendInvitationEmail: true,
    })
    const {messages} = (await emulator.admin('GET', '/_emulator/outbox?to=guest@acme.test')) as {
      messages: InvitationMessage[]
    }
    const email = messages.at(-1)!

    const page = await (await browser.newContext()).newPage()
    const response = await page.goto(email.acceptLink)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
    expect(await page.locator('h1').textContent()).toBe('Invitation accepted')
    // The name is shown as text: no element came out of it.
    expect(await page.locator('#joined').textContent()).toBe(`guest@acme.test is now a member of ${name}.`)
    expect(await page.locator('#joined b').count()).toBe(0)
    expect(await page.locator('#continue').getAttribute('href')).toBe(INITIATE_LOGIN)

    const member = (await sk.user.getUser(user!.id)).user!.memberships.find(
      (m) => m.organizationId === organization!.id,
    )
    expect(member?.membershipStatus).toBe(MembershipStatus.ACTIVE)
    const [delivery] = await app.waitFor(1)
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: 'user.organization_membership_created',
      organization_id: organization!.id,
      data: {user: {id: user!.id, email: 'guest@acme.test'}},
    })

    const again = await page.goto(email.acceptLink)
    expect(again?.status()).toBe(410)
    expect(await page.locator('h1').textContent()).toBe('Invitation already accepted')
    expect(await page.locator('p').textContent()).toContain('sign in to the application instead')
  })
})
