import {spawn} from 'node:child_process'
import {once} from 'node:events'
import http from 'node:http'
import {createInterface} from 'node:readline'
import {ScalekitClient} from '@scalekit-sdk/node'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator} from '../../../src/emulator/index.js'
import type {PasswordlessMessage as OutboxMessage} from '../../../src/emulator/passwordless/outbox.js'
import {BIN, cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import type {ErrorJson} from '../../helpers/resources.js'

const emulator = useEmulator()
const env = (extra: NodeJS.ProcessEnv = {}) => emulator.env(extra)

interface Sent {
  authRequestId: string
  email: string
  expiresAt: string
  expiresIn: number
  passwordlessType: string
}

async function send(email: string, ...extra: string[]): Promise<Sent> {
  const {code, json, stderr} = await runJson<Sent>(['passwordless', 'send', email, ...extra], {env: env()})
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

/** Set-up steps go through the SDK and the admin endpoint in this process: only the step under test spawns skctl. */
const sdk = (url = emulator.url) => new ScalekitClient(url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)

async function admin(method: string, path: string): Promise<unknown> {
  const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')
  const res = await fetch(`${emulator.url}/_emulator/${path}`, {headers: {authorization: `Basic ${basic}`}, method})
  return res.json()
}

async function outbox(to: string): Promise<OutboxMessage[]> {
  return ((await admin('GET', `outbox?to=${encodeURIComponent(to)}`)) as {messages: OutboxMessage[]}).messages
}

async function lastEmailTo(email: string): Promise<OutboxMessage> {
  const message = (await outbox(email)).at(-1)
  if (!message) throw new Error(`no email to ${email}`)
  return message
}

/** `skctl emulator outbox --follow --json` as a child process, read line by line. */
function follow(environment: NodeJS.ProcessEnv, ...extra: string[]) {
  const child = spawn(process.execPath, [BIN, 'emulator', 'outbox', '--follow', '--json', ...extra], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const lines = createInterface({input: child.stdout})[Symbol.asyncIterator]()
  const exited = once(child, 'exit').then(([code]) => ({code: code as number | null, stderr}))
  const nextLine = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as unknown
  return {child, exited, nextLine}
}

describe('skctl passwordless', () => {
  it('send → read the code with skctl emulator outbox → verify prints the email', async () => {
    const sent = await send('ada@example.com', '--template', 'signin', '--state', 'st-42', '--expires-in', '120')
    expect(sent).toMatchObject({email: 'ada@example.com', expiresIn: 120, passwordlessType: 'OTP'})
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(100_000)

    // What a person or script does: read the code with skctl emulator outbox.
    const listed = await runJson<{messages: OutboxMessage[]}>(['emulator', 'outbox', '--to', 'ADA@example.com'], {
      env: env(),
    })
    expect(listed.code).toBe(0)
    const email = listed.json.messages.at(-1)!
    expect(email).toMatchObject({authRequestId: sent.authRequestId, template: 'SIGNIN', type: 'OTP'})
    const table = await run(['emulator', 'outbox', '--to', 'ada@example.com'], {env: env()})
    expect(table.stdout).toMatch(/^TIME\s+TO\s+TYPE\s+OTP\s+LINK$/m)
    expect(table.stdout).toMatch(new RegExp(`^[\\d-]{10} [\\d:]{8}\\s+ada@example\\.com\\s+OTP\\s+${email.otp}$`, 'm'))

    const verified = await run(
      ['passwordless', 'verify', '--code', email.otp!, '--auth-request-id', sent.authRequestId],
      {
        env: env(),
      },
    )
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(/^email\s+ada@example\.com$/m)
    expect(verified.stdout).toMatch(/^state\s+st-42$/m)
    expect(verified.stdout).toMatch(/^template\s+SIGNIN$/m)
    expect(verified.stderr).toContain('Verified ada@example.com.')
  })

  it('resend mails a new code; the old one no longer verifies', async () => {
    const sent = await sdk().passwordless.sendPasswordlessEmail('bob@example.com')
    const first = await lastEmailTo('bob@example.com')
    const resent = await runJson<Sent>(['passwordless', 'resend', sent.authRequestId], {env: env()})
    expect(resent.json).toMatchObject({authRequestId: sent.authRequestId, passwordlessType: 'OTP'})
    const second = await lastEmailTo('bob@example.com')
    expect(second.otp).not.toBe(first.otp)
    const old = await runJson<ErrorJson>(
      ['passwordless', 'verify', '--code', first.otp!, '--auth-request-id', sent.authRequestId],
      {env: env()},
    )
    expect(old.code).toBe(2)
    expect(old.json.error.message).toBe('the code is wrong; 4 attempts left')
    const fresh = await runJson<{email: string}>(
      ['passwordless', 'verify', '--code', '-', '--auth-request-id', sent.authRequestId],
      {env: env(), input: `${second.otp}\n`},
    )
    expect(fresh.json).toEqual({email: 'bob@example.com', passwordlessType: 'OTP', state: null, template: null})
  })

  it('--type link switches the emulator; the pasted magic link verifies', async () => {
    const uri = 'https://app.example.com/passwordless/verify'
    const sent = await send('link@example.com', '--type', 'link', '--magiclink-uri', uri)
    expect(sent.passwordlessType).toBe('LINK')
    const {magicLink, otp} = await lastEmailTo('link@example.com')
    expect(otp).toBeNull()
    expect(magicLink).toMatch(/^https:\/\/app\.example\.com\/passwordless\/verify\?link_token=[\w-]+$/)
    const verified = await runJson<{email: string}>(['passwordless', 'verify', '--link-token', magicLink!], {
      env: env(),
    })
    expect(verified.json.email).toBe('link@example.com')

    // The environment now mails links: a send without --magiclink-uri is refused by the server, with a hint.
    const refused = await runJson<ErrorJson>(['passwordless', 'send', 'link2@example.com'], {env: env()})
    expect(refused.code).toBe(2)
    expect(refused.json.error.message).toMatch(/magiclink_auth_uri is required/)
    expect(refused.json.error.hint).toMatch(/--magiclink-uri/)
    await admin('POST', 'reset')
  })

  it('refuses bad input before any call (exit 2)', async () => {
    const cases = [
      ['passwordless', 'send', 'not-an-email'],
      ['passwordless', 'send', 'a@example.com', '--type', 'link'],
      ['passwordless', 'send', 'a@example.com', '--magiclink-uri', 'ftp://files.example.com/'],
      ['passwordless', 'send', 'a@example.com', '--expires-in', '0'],
      ['passwordless', 'send', 'a@example.com', '--var', 'otp=1'],
      ['passwordless', 'send', 'a@example.com', '--var', 'novalue'],
      ['passwordless', 'send', 'a@example.com', ...Array.from({length: 31}, (_, i) => ['--var', `v${i}=x`]).flat()],
      ['passwordless', 'verify', '--auth-request-id', 'abc'],
      ['passwordless', 'verify', '--code', '123456'],
      ['emulator', 'outbox', '--to', 'nobody'],
    ]
    const before = await emulator.stats()
    const results = await Promise.all(cases.map((args) => runJson<ErrorJson>(args, {env: env()})))
    // Refused before any call: no RPC, no token.
    expect(await emulator.stats()).toEqual(before)
    expect(results.map((r) => r.code)).toEqual(cases.map(() => 2))
    const messages = results.map((r) => r.json.error.message)
    expect(messages[1]).toBe('--magiclink-uri is required with --type link')
    expect(messages[2]).toBe('--magiclink-uri: "ftp://files.example.com/" must be an http or https URL')
    expect(messages[4]).toMatch(/^--var: template variable "otp" is reserved/)
    expect(messages[6]).toBe('--var: 31 template variables were given; at most 30 are allowed')
  })

  it('a wrong code exits 2 without echoing it; the sixth attempt is refused as too many (exit 1)', async () => {
    const sent = await sdk().passwordless.sendPasswordlessEmail('guess@example.com')
    const {otp} = await lastEmailTo('guess@example.com')
    const wrong = otp === '987654' ? '987655' : '987654'
    const verify = (code: string) =>
      runJson<ErrorJson>(['passwordless', 'verify', '--code', code, '--auth-request-id', sent.authRequestId], {
        env: env(),
      })
    const first = await verify(wrong)
    expect(first.code).toBe(2)
    expect(first.json.error).toMatchObject({code: 'invalid_input', message: 'the code is wrong; 4 attempts left'})
    expect(first.json.error.hint).toMatch(/5 wrong codes lock the request/)
    for (let attempt = 2; attempt <= 5; attempt++) {
      await expect(sdk().passwordless.verifyPasswordlessEmail({code: wrong}, sent.authRequestId)).rejects.toThrow()
    }
    const locked = await verify(otp!)
    expect(locked.code).toBe(1)
    expect(locked.json.error.code).toBe('rate_limited')
    expect(locked.json.error.message).toMatch(/^too many wrong codes/)
    expect(locked.json.error.hint).toMatch(/start again with skctl passwordless send/)
    expect(`${first.stdout}${first.stderr}${locked.stdout}${locked.stderr}`).not.toMatch(new RegExp(`${wrong}|${otp}`))
  })

  it('the third email to one address within a minute is refused as too many emails', async () => {
    const sent = await sdk().passwordless.sendPasswordlessEmail('busy@example.com')
    await sdk().passwordless.resendPasswordlessEmail(sent.authRequestId)
    const third = await run(['passwordless', 'send', 'busy@example.com'], {env: env()})
    expect(third.code).toBe(1)
    expect(third.stderr).toMatch(/^Error: too many emails to busy@example\.com/m)
    expect(third.stderr).toMatch(/^Hint: Scalekit mails at most 2 passwordless emails per minute/m)
  })

  it('--type against a real environment is refused with an explanation, before any token is minted', async () => {
    const notAnEmulator = http.createServer((_request, response) => response.writeHead(404).end())
    notAnEmulator.listen(0, '127.0.0.1')
    await once(notAnEmulator, 'listening')
    const {port} = notAnEmulator.address() as {port: number}
    try {
      const refused = await runJson<ErrorJson>(['passwordless', 'send', 'a@example.com', '--type', 'otp'], {
        env: env({SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${port}`}),
      })
      expect(refused.code).toBe(2)
      expect(refused.json.error.message).toMatch(/^--type works only against the local emulator/)
      expect(refused.json.error.hint).toMatch(/Authentication > Auth methods > Passwordless/)
    } finally {
      notAnEmulator.close()
    }
  })
})

describe('skctl emulator outbox --follow', () => {
  it('prints each new email as one JSON line until Ctrl-C (exit 130)', async () => {
    const follower = follow(env(), '--to', 'live@example.com')
    await sdk().passwordless.sendPasswordlessEmail('other@example.com')
    const sent = await sdk().passwordless.sendPasswordlessEmail('live@example.com')
    expect(await follower.nextLine()).toMatchObject({to: 'live@example.com', authRequestId: sent.authRequestId})
    follower.child.kill('SIGINT')
    expect((await follower.exited).code).toBe(130)
  })

  it('stops with a clear error when the emulator goes away', async () => {
    const doomed = await startEmulator({port: 0})
    const doomedEnv = cleanEnv({
      SCALEKIT_CLIENT_ID: doomed.clientId,
      SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      SCALEKIT_ENVIRONMENT_URL: doomed.url,
    })
    const follower = follow(doomedEnv)
    // Once an email shows up, the follower is polling.
    await sdk(doomed.url).passwordless.sendPasswordlessEmail('last@example.com')
    expect(await follower.nextLine()).toMatchObject({to: 'last@example.com'})
    await doomed.close()
    const {code} = await follower.exited
    expect(code).toBe(1)
    expect(await follower.nextLine()).toMatchObject({
      error: {code: 'unreachable', message: `the emulator at ${doomed.url} stopped answering`},
    })
  })
})
