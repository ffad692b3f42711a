import {Code, ConnectError} from '@connectrpc/connect'
import {describe, expect, it} from 'vitest'
import {OUTBOX_CAPACITY, type PasswordlessMessage} from '../../../src/emulator/passwordless/outbox.js'
import {magicLink} from '../../../src/shared/passwordless-rules.js'
import {PasswordlessState} from '../../../src/emulator/passwordless/state.js'

/** The passwordless emails in the outbox: all it holds here, typed as such. */
function mail(state: PasswordlessState, filter: {after?: string; to?: string} = {}): PasswordlessMessage[] {
  return state.outbox.list(filter).filter((message) => message.kind === 'passwordless')
}

const URI = 'https://app.example.com/passwordless/verify'

/** A state whose clock only moves when the test says so. */
function fixture() {
  let now = Date.UTC(2030, 0, 1)
  const state = new PasswordlessState(() => now)
  return {state, advance: (ms: number) => (now += ms), now: () => now}
}

function rejection(work: () => unknown): ConnectError {
  try {
    work()
  } catch (error) {
    if (error instanceof ConnectError) return error
    throw error
  }
  throw new Error('expected a ConnectError')
}

const codeOf = (work: () => unknown) => Code[rejection(work).code]

describe('PasswordlessState', () => {
  it('sends a 6-digit code that verifies once, with the default expiry of 300 s', () => {
    const {state, now} = fixture()
    const sent = state.send({email: 'Ada@Example.com', state: 's1', template: 'SIGNIN'})
    expect(sent).toMatchObject({expiresIn: 300, expiresAt: now() + 300_000, type: 'OTP'})
    const [message] = mail(state)
    expect(message).toMatchObject({to: 'Ada@Example.com', authRequestId: sent.authRequestId, reason: 'send'})
    expect(message?.otp).toMatch(/^\d{6}$/)
    expect(message?.magicLink).toBeNull()
    expect(state.verify({code: message!.otp!, authRequestId: sent.authRequestId})).toEqual({
      email: 'Ada@Example.com',
      state: 's1',
      template: 'SIGNIN',
      type: 'OTP',
    })
    expect(codeOf(() => state.verify({code: message!.otp!, authRequestId: sent.authRequestId}))).toBe(
      'FailedPrecondition',
    )
  })

  it('expires codes and links at expires_in', () => {
    const {state, advance} = fixture()
    state.configure({type: 'LINK_OTP'})
    const sent = state.send({email: 'a@example.com', magiclinkAuthUri: URI, expiresIn: 30})
    const [message] = mail(state)
    advance(30_000)
    expect(rejection(() => state.verify({code: message!.otp!, authRequestId: sent.authRequestId})).rawMessage).toMatch(
      /^the code expired at /,
    )
    expect(codeOf(() => state.verify({linkToken: message!.linkToken!}))).toBe('FailedPrecondition')
  })

  it('allows 2 emails per minute per address, sends and resends together, any case', () => {
    const {state, advance} = fixture()
    const first = state.send({email: 'a@example.com'})
    state.resend(first.authRequestId)
    const limited = rejection(() => state.send({email: 'A@EXAMPLE.COM'}))
    expect(Code[limited.code]).toBe('ResourceExhausted')
    expect(limited.rawMessage).toMatch(/at most 2 passwordless emails per minute.*try again in 60 s$/)
    expect(codeOf(() => state.resend(first.authRequestId))).toBe('ResourceExhausted')
    state.send({email: 'b@example.com'})
    advance(59_999)
    expect(codeOf(() => state.send({email: 'a@example.com'}))).toBe('ResourceExhausted')
    advance(1)
    expect(state.send({email: 'a@example.com'}).type).toBe('OTP')
    expect(mail(state, {to: 'A@example.com'}).map((m) => m.reason)).toEqual(['send', 'resend', 'send'])
  })

  it('locks a request after 5 wrong codes in 10 minutes; fewer over a longer time do not', () => {
    const {state, advance} = fixture()
    const slow = state.send({email: 'slow@example.com', expiresIn: 3600})
    for (let i = 0; i < 4; i++) {
      expect(codeOf(() => state.verify({code: 'wrong', authRequestId: slow.authRequestId}))).toBe('InvalidArgument')
    }
    // The four wrong codes leave the 10-minute window: the count starts again.
    advance(10 * 60_000)
    expect(rejection(() => state.verify({code: 'wrong', authRequestId: slow.authRequestId})).rawMessage).toBe(
      'the code is wrong; 4 attempts left',
    )

    const sent = state.send({email: 'a@example.com'})
    const otp = mail(state, {to: 'a@example.com'})[0]!.otp!
    const answers = Array.from(
      {length: 5},
      () => rejection(() => state.verify({code: 'wrong', authRequestId: sent.authRequestId})).rawMessage,
    )
    expect(answers[0]).toBe('the code is wrong; 4 attempts left')
    expect(answers[4]).toBe('the code is wrong, and that was the last attempt: this auth request is now locked')
    expect(codeOf(() => state.verify({code: otp, authRequestId: sent.authRequestId}))).toBe('ResourceExhausted')
    expect(codeOf(() => state.resend(sent.authRequestId))).toBe('ResourceExhausted')
  })

  it('a resend mails a new code and retires the old one, unless newCredentialOnResend is off', () => {
    const {state} = fixture()
    const sent = state.send({email: 'a@example.com'})
    state.resend(sent.authRequestId)
    const [old, fresh] = mail(state).map((m) => m.otp!)
    expect(fresh).not.toBe(old)
    expect(codeOf(() => state.verify({code: old!, authRequestId: sent.authRequestId}))).toBe('InvalidArgument')
    expect(state.verify({code: fresh!, authRequestId: sent.authRequestId}).email).toBe('a@example.com')

    state.configure({newCredentialOnResend: false})
    const again = state.send({email: 'b@example.com'})
    state.resend(again.authRequestId)
    const [first, second] = mail(state, {to: 'b@example.com'}).map((m) => m.otp)
    expect(second).toBe(first)
  })

  it('mails magic links <uri>?link_token=<token> that verify once; a resend replaces the link', () => {
    const {state} = fixture()
    state.configure({type: 'LINK'})
    const sent = state.send({email: 'a@example.com', magiclinkAuthUri: URI})
    const first = mail(state)[0]!
    expect(first.otp).toBeNull()
    expect(first.linkToken).toMatch(/^[0-9a-f-]{36}_l$/)
    expect(first.magicLink).toBe(`${URI}?link_token=${first.linkToken}`)
    expect(rejection(() => state.verify({code: '123456', authRequestId: sent.authRequestId})).rawMessage).toMatch(
      /magic link only/,
    )
    state.resend(sent.authRequestId)
    const second = mail(state)[1]!
    expect(rejection(() => state.verify({linkToken: first.linkToken!})).rawMessage).toMatch(/replaced by a newer/)
    expect(codeOf(() => state.verify({linkToken: second.linkToken!, authRequestId: 'someone-else'}))).toBe(
      'InvalidArgument',
    )
    expect(state.verify({linkToken: second.linkToken!}).type).toBe('LINK')
    expect(codeOf(() => state.verify({linkToken: second.linkToken!}))).toBe('FailedPrecondition')
    expect(codeOf(() => state.verify({linkToken: 'nope_l'}))).toBe('InvalidArgument')
  })

  it('with enforceSameBrowserOrigin a link needs its auth_request_id', () => {
    const {state} = fixture()
    state.configure({type: 'LINK', enforceSameBrowserOrigin: true})
    const sent = state.send({email: 'a@example.com', magiclinkAuthUri: URI})
    const token = mail(state)[0]!.linkToken!
    expect(rejection(() => state.verify({linkToken: token})).rawMessage).toMatch(/enforces the same browser origin/)
    expect(state.verify({linkToken: token, authRequestId: sent.authRequestId}).email).toBe('a@example.com')
  })

  it('refuses link types without magiclink_auth_uri, bad URIs and bad template variables, mailing nothing', () => {
    const {state} = fixture()
    const tooMany = Object.fromEntries(Array.from({length: 31}, (_, i) => [`v${i}`, 'x']))
    const refusals = [
      () => state.send({email: 'a@example.com', templateVariables: tooMany}),
      () => state.send({email: 'a@example.com', templateVariables: {OTP: '1'}}),
      () => state.send({email: 'a@example.com', magiclinkAuthUri: 'ftp://x.example.com'}),
      () => {
        state.configure({type: 'LINK_OTP'})
        return state.send({email: 'a@example.com'})
      },
    ]
    expect(refusals.map((work) => rejection(work).rawMessage)).toEqual([
      'template_variables: 31 template variables were given; at most 30 are allowed',
      'template_variables: template variable "OTP" is reserved (reserved names: otp, expiry_time_relative, link, expire_time, expiry_time)',
      'magiclink_auth_uri: "ftp://x.example.com" must be an http or https URL',
      'magiclink_auth_uri is required: the passwordless type of this environment is LINK_OTP, which mails a magic link',
    ])
    expect(mail(state)).toEqual([])
    // Refused requests use none of the address's per-minute allowance.
    state.send({email: 'a@example.com', magiclinkAuthUri: URI})
    state.send({email: 'a@example.com', magiclinkAuthUri: URI})
    expect(mail(state)).toHaveLength(2)
  })

  it('verifying needs a known auth request; a code needs the auth_request_id', () => {
    const {state} = fixture()
    expect(codeOf(() => state.verify({code: '123456', authRequestId: 'unknown'}))).toBe('NotFound')
    expect(rejection(() => state.verify({code: '123456'})).rawMessage).toBe(
      'auth_request_id is required to verify a code',
    )
    expect(codeOf(() => state.resend('unknown'))).toBe('NotFound')
  })

  it('keeps the last 1000 messages; reset empties everything but keeps message ids increasing', () => {
    const {state, advance} = fixture()
    for (let i = 0; i <= OUTBOX_CAPACITY; i++) state.send({email: `user${i}@example.com`})
    const kept = mail(state)
    expect(kept).toHaveLength(OUTBOX_CAPACITY)
    expect(kept[0]!.to).toBe('user1@example.com')
    const last = kept.at(-1)!.id
    expect(mail(state, {after: kept.at(-2)!.id}).map((m) => m.id)).toEqual([last])

    state.configure({type: 'LINK'})
    state.reset()
    expect(mail(state)).toEqual([])
    expect(state.settings).toEqual({type: 'OTP', enforceSameBrowserOrigin: false, newCredentialOnResend: true})
    advance(0)
    state.send({email: 'user1@example.com'})
    expect(mail(state, {after: last})).toHaveLength(1)
  })
})

describe('magicLink', () => {
  it('appends link_token to a query the URI already has and keeps a fragment after it', () => {
    expect(magicLink('https://a.example.com/v?x=1#top', 'tok_l')).toBe(
      'https://a.example.com/v?x=1&link_token=tok_l#top',
    )
  })
})
