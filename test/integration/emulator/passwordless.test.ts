import {PasswordlessType, TemplateType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js'
import {beforeEach, describe, expect, it} from 'vitest'
import type {PasswordlessMessage as OutboxMessage} from '../../../src/emulator/passwordless/outbox.js'
import {basicAuth, clientToken, failure, useSdkEmulator} from './support.js'

/** The emulator's passwordless clock: it moves only when a test moves it. */
let now = Date.UTC(2030, 0, 1, 12)
const ctx = useSdkEmulator({clock: () => now})

const VERIFY_URI = 'https://app.example.com/passwordless/verify'

async function admin(method: string, path: string, body?: unknown): Promise<{status: number; json: unknown}> {
  const res = await fetch(`${ctx.emulator.url}${path}`, {
    method,
    headers: {authorization: basicAuth(), 'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {status: res.status, json: await res.json()}
}

/** What an app's own test does: read the newest email to an address from the outbox. */
async function lastEmailTo(email: string): Promise<OutboxMessage> {
  const {json} = await admin('GET', `/_emulator/outbox?to=${encodeURIComponent(email)}`)
  const message = (json as {messages: OutboxMessage[]}).messages.at(-1)
  if (!message) throw new Error(`no email to ${email}`)
  return message
}

const send = (email: string, options?: Parameters<typeof ctx.client.passwordless.sendPasswordlessEmail>[1]) =>
  ctx.client.passwordless.sendPasswordlessEmail(email, options)

beforeEach(async () => {
  await admin('POST', '/_emulator/reset')
})

describe('PasswordlessService', () => {
  it('OTP: send, read the code from the outbox, verify once', async () => {
    const sent = await send('ada@example.com', {template: TemplateType.SIGNIN, state: 'st-1'})
    expect(sent).toMatchObject({
      expiresIn: 300,
      expiresAt: BigInt(now / 1000 + 300),
      passwordlessType: PasswordlessType.OTP,
    })
    const email = await lastEmailTo('ADA@example.com')
    expect(email).toMatchObject({
      to: 'ada@example.com',
      authRequestId: sent.authRequestId,
      template: 'SIGNIN',
      type: 'OTP',
      magicLink: null,
      sentAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 300_000).toISOString(),
    })
    const verified = await ctx.client.passwordless.verifyPasswordlessEmail({code: email.otp!}, sent.authRequestId)
    expect(verified).toMatchObject({
      email: 'ada@example.com',
      state: 'st-1',
      template: TemplateType.SIGNIN,
      passwordlessType: PasswordlessType.OTP,
    })
    const again = await failure(ctx.client.passwordless.verifyPasswordlessEmail({code: email.otp!}, sent.authRequestId))
    expect(again.errorCode).toBe('FAILED_PRECONDITION')
    expect(again.message).toMatch(/already verified: a code or magic link works once/)
  })

  it('LINK: the type is an environment setting; the link is <magiclink_auth_uri>?link_token=<token>', async () => {
    expect((await admin('POST', '/_emulator/passwordless', {type: 'LINK'})).json).toEqual({
      type: 'LINK',
      enforceSameBrowserOrigin: false,
      newCredentialOnResend: true,
    })
    const sent = await send('link@example.com', {magiclinkAuthUri: VERIFY_URI, templateVariables: {team: 'Alpha'}})
    expect(sent.passwordlessType).toBe(PasswordlessType.LINK)
    const email = await lastEmailTo('link@example.com')
    expect(email).toMatchObject({otp: null, templateVariables: {team: 'Alpha'}})
    // What the app's callback does: take link_token from the URL the user opened.
    const linkToken = new URL(email.magicLink!).searchParams.get('link_token')!
    expect(email.magicLink).toBe(`${VERIFY_URI}?link_token=${linkToken}`)
    expect(linkToken).toMatch(/^[A-Za-z0-9_-]+$/)
    const verified = await ctx.client.passwordless.verifyPasswordlessEmail({linkToken})
    expect(verified).toMatchObject({email: 'link@example.com', passwordlessType: PasswordlessType.LINK})
    expect((await failure(ctx.client.passwordless.verifyPasswordlessEmail({linkToken}))).errorCode).toBe(
      'FAILED_PRECONDITION',
    )
  })

  it('LINK with enforceSameBrowserOrigin: the link verifies only with its auth_request_id', async () => {
    await admin('POST', '/_emulator/passwordless', {type: 'link', enforceSameBrowserOrigin: true})
    const sent = await send('origin@example.com', {magiclinkAuthUri: VERIFY_URI})
    const {linkToken} = await lastEmailTo('origin@example.com')
    const alone = await failure(ctx.client.passwordless.verifyPasswordlessEmail({linkToken: linkToken!}))
    expect(alone.errorCode).toBe('INVALID_ARGUMENT')
    expect(alone.message).toMatch(/enforces the same browser origin/)
    const verified = await ctx.client.passwordless.verifyPasswordlessEmail({linkToken: linkToken!}, sent.authRequestId)
    expect(verified.email).toBe('origin@example.com')
  })

  it('at most 2 emails per minute per address, sends and resends together', async () => {
    const sent = await send('busy@example.com')
    await ctx.client.passwordless.resendPasswordlessEmail(sent.authRequestId)
    const third = await failure(send('busy@example.com'))
    expect(third).toMatchObject({errorCode: 'RESOURCE_EXHAUSTED', grpcStatus: 8})
    expect(third.message).toMatch(/at most 2 passwordless emails per minute per address/)
    expect((await failure(ctx.client.passwordless.resendPasswordlessEmail(sent.authRequestId))).errorCode).toBe(
      'RESOURCE_EXHAUSTED',
    )
    now += 60_000
    expect((await send('busy@example.com')).passwordlessType).toBe(PasswordlessType.OTP)
  })

  it('5 wrong codes lock the auth request: even the right code is then refused', async () => {
    const sent = await send('guess@example.com')
    const {otp} = await lastEmailTo('guess@example.com')
    const wrong = otp === '000000' ? '111111' : '000000'
    const messages: string[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      const rejected = await failure(ctx.client.passwordless.verifyPasswordlessEmail({code: wrong}, sent.authRequestId))
      expect(rejected.errorCode).toBe('INVALID_ARGUMENT')
      messages.push(rejected.message)
    }
    expect(messages.at(0)).toMatch(/the code is wrong; 4 attempts left/)
    expect(messages.at(-1)).toMatch(/this auth request is now locked/)
    const locked = await failure(ctx.client.passwordless.verifyPasswordlessEmail({code: otp!}, sent.authRequestId))
    expect(locked).toMatchObject({errorCode: 'RESOURCE_EXHAUSTED', grpcStatus: 8})
  })

  it('refuses bad template variables and a link type without magiclink_auth_uri (INVALID_ARGUMENT)', async () => {
    const reserved = await failure(send('vars@example.com', {templateVariables: {otp: '1'}}))
    expect(reserved.errorCode).toBe('INVALID_ARGUMENT')
    expect(reserved.message).toMatch(/template variable "otp" is reserved/)
    const variables = Object.fromEntries(Array.from({length: 31}, (_, i) => [`var${i}`, 'x']))
    const tooMany = await failure(send('vars@example.com', {templateVariables: variables}))
    // The descriptor's own buf.validate rule answers first, with Scalekit's message.
    expect(tooMany.message).toBe(
      '[invalid_argument] template_variables: map must be at most 30 entries [map.max_pairs]',
    )
    await admin('POST', '/_emulator/passwordless', {type: 'LINK_OTP'})
    const noUri = await failure(send('vars@example.com'))
    expect(noUri.errorCode).toBe('INVALID_ARGUMENT')
    expect(noUri.message).toMatch(/magiclink_auth_uri is required/)
    const invalidEmail = await failure(send('not-an-email'))
    expect(invalidEmail.errorCode).toBe('INVALID_ARGUMENT')
    const {json} = await admin('GET', '/_emulator/outbox')
    expect(json).toEqual({messages: []})
  })

  it('an expired code fails verification (short expires_in plus the clock)', async () => {
    const sent = await send('late@example.com', {expiresIn: 60})
    expect(sent.expiresAt).toBe(BigInt(now / 1000 + 60))
    const {otp} = await lastEmailTo('late@example.com')
    now += 60_000
    const expired = await failure(ctx.client.passwordless.verifyPasswordlessEmail({code: otp!}, sent.authRequestId))
    expect(expired.errorCode).toBe('FAILED_PRECONDITION')
    expect(expired.message).toMatch(/the code expired at /)
  })

  it('a resend mails a new code and the old one stops working', async () => {
    const sent = await send('again@example.com')
    const first = await lastEmailTo('again@example.com')
    const resent = await ctx.client.passwordless.resendPasswordlessEmail(sent.authRequestId)
    expect(resent.authRequestId).toBe(sent.authRequestId)
    const second = await lastEmailTo('again@example.com')
    expect(second).toMatchObject({reason: 'resend'})
    expect(second.otp).not.toBe(first.otp)
    const old = await failure(ctx.client.passwordless.verifyPasswordlessEmail({code: first.otp!}, sent.authRequestId))
    expect(old.errorCode).toBe('INVALID_ARGUMENT')
    const verified = await ctx.client.passwordless.verifyPasswordlessEmail({code: second.otp!}, sent.authRequestId)
    expect(verified.email).toBe('again@example.com')
  })

  it('REST answers as in the docs (expires_at as a string), and the admin endpoints need the credentials', async () => {
    const token = await clientToken(ctx.emulator.url)
    const res = await fetch(`${ctx.emulator.url}/api/v1/passwordless/email/send`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: JSON.stringify({email: 'rest@example.com', template: 'SIGNUP'}),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({expires_at: String(now / 1000 + 300), expires_in: 300, passwordless_type: 'OTP'})
    expect((await lastEmailTo('rest@example.com')).subject).toBe('Verify your email address')

    expect((await fetch(`${ctx.emulator.url}/_emulator/outbox`)).status).toBe(401)
    expect((await admin('POST', '/_emulator/passwordless', {type: 'SMS'})).status).toBe(400)
    expect((await admin('GET', '/_emulator/outbox?after=42')).status).toBe(400)
    await admin('POST', '/_emulator/reset')
    expect((await admin('GET', '/_emulator/outbox')).json).toEqual({messages: []})
  })
})
