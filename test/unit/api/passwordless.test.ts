import {describe, expect, it} from 'vitest'

import type {Api} from '../../../src/api/client.js'
import {checkSendOptions, linkTokenOf, verifyPasswordlessEmail} from '../../../src/api/passwordless.js'
import {CliError} from '../../../src/errors.js'

/** An Api whose every call fails with `error`, as the SDK seam reports failures. */
const failingApi = (error: CliError) => ({call: () => Promise.reject(error)}) as unknown as Api

async function rejection(work: Promise<unknown>): Promise<CliError> {
  try {
    await work
  } catch (error) {
    if (error instanceof CliError) return error
    throw error
  }
  throw new Error('expected a CliError')
}

describe('checkSendOptions', () => {
  it('returns the trimmed address when Scalekit would accept the request', () => {
    expect(checkSendOptions(' a@example.com ', {type: 'link', magiclinkUri: 'http://localhost:3000/verify'})).toBe(
      'a@example.com',
    )
  })

  it('refuses what Scalekit would refuse, naming the flag', () => {
    const problems = [
      () => checkSendOptions('a@example.com', {type: 'link-otp'}),
      () => checkSendOptions('a@example.com', {magiclinkUri: '/verify'}),
      () => checkSendOptions('a@example.com', {variables: {expiry_time: 'x'}}),
      () => checkSendOptions('a@', {}),
    ].map((work) => {
      try {
        work()
      } catch (error) {
        return [(error as CliError).exit, (error as CliError).message]
      }
      return undefined
    })
    expect(problems).toEqual([
      [2, '--magiclink-uri is required with --type link-otp'],
      [2, '--magiclink-uri: "/verify" is not an absolute URL'],
      [
        2,
        '--var: template variable "expiry_time" is reserved (reserved names: otp, expiry_time_relative, link, expire_time, expiry_time)',
      ],
      [2, '"a@" is not a valid email address'],
    ])
  })
})

describe('linkTokenOf', () => {
  it('takes link_token out of a pasted magic link, and a bare token as it is', () => {
    expect(linkTokenOf('https://app.example.com/verify?x=1&link_token=abc-123_l')).toBe('abc-123_l')
    expect(linkTokenOf(' abc-123_l ')).toBe('abc-123_l')
  })
})

describe('verifyPasswordlessEmail', () => {
  it('masks the code wherever an error repeats it, and leaves out the cause that names it', async () => {
    const failure = await rejection(
      verifyPasswordlessEmail(
        failingApi(new CliError('invalid_input', 'code 123456 is not the code of auth request abc')),
        {code: '123456'},
        'abc',
      ),
    )
    expect(failure.message).toBe('code **** is not the code of auth request abc')
    expect(failure.cause).toBeUndefined()
    expect(failure.hint).toMatch(/5 wrong codes lock the request/)
  })

  it('explains RESOURCE_EXHAUSTED as too many attempts', async () => {
    const failure = await rejection(
      verifyPasswordlessEmail(failingApi(new CliError('rate_limited', 'request locked')), {code: '123456'}, 'abc'),
    )
    expect(failure).toMatchObject({code: 'rate_limited', exit: 1, message: 'too many attempts: request locked'})
    expect(failure.hint).toMatch(/start again with skctl passwordless send/)
  })
})
