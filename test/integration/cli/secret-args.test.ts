import {describe, expect, it} from 'vitest'

import type {PasswordlessMessage} from '../../../src/emulator/passwordless/outbox.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

/** Sends a code to `email` and reads it from the emulator's outbox, as a person reads their mail. */
async function codeFor(email: string) {
  const sent = await runJson<{authRequestId: string}>(['passwordless', 'send', email], {env: emulator.env()})
  expect(sent.code).toBe(0)
  const {messages} = (await emulator.admin('GET', `/_emulator/outbox?to=${encodeURIComponent(email)}`)) as {
    messages: PasswordlessMessage[]
  }
  const otp = messages.at(-1)?.otp
  if (!otp) throw new Error(`no code was mailed to ${email}`)
  return {authRequestId: sent.json.authRequestId, otp}
}

describe('credentials on the command line', () => {
  it("DEBUG='*' passwordless verify --code masks the six-digit code in oclif's argv lines and everywhere else", async () => {
    const {authRequestId, otp} = await codeFor('debug@example.com')
    const result = await run(['passwordless', 'verify', '--code', otp, '--auth-request-id', authRequestId], {
      env: emulator.env({DEBUG: '*'}),
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^email\s+debug@example\.com$/m)
    // oclif printed argv, with the code masked and the rest of the line intact.
    expect(result.stderr).toContain(`'--code', '****', '--auth-request-id', '${authRequestId}'`)
    expect(result.stderr).not.toContain(otp)
    expect(result.stdout).not.toContain(otp)
  })

  it('masks --code=VALUE too, also when the code is refused', async () => {
    const {authRequestId, otp} = await codeFor('debug-inline@example.com')
    const wrong = otp === '000000' ? '111111' : '000000'
    const result = await run(['passwordless', 'verify', `--code=${wrong}`, '--auth-request-id', authRequestId], {
      env: emulator.env({DEBUG: '*'}),
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`'--code=****'`)
    expect(result.stderr).not.toContain(wrong)
  })

  it('masks a secret --field of skctl api under DEBUG', async () => {
    const result = await run(['api', 'POST', '/oauth/token', '--field', 'client_secret=Sh0rt', '--verbose'], {
      env: emulator.env({DEBUG: '*'}),
    })
    expect(result.code).toBe(3)
    expect(result.stderr).toContain("'client_secret=****'")
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\bSh0rt\b/)
  })
})
