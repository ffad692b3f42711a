import {beforeAll, describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type FullStackLogin, fullStackLogin, refresh} from '../../helpers/sessions.js'

const emulator = useEmulator()
type ErrorDoc = {error: {code: string; hint: string | null; message: string}}
interface SessionDoc {
  sessionId: string
  status: string
  userId: string
}

let organizationId: string
let first: FullStackLogin
let second: FullStackLogin

beforeAll(async () => {
  const {organizations} = (await (
    await fetch(`${emulator.url}/api/v1/organizations`, {
      headers: {authorization: `Bearer ${await clientToken()}`},
    })
  ).json()) as {organizations: Array<{id: string}>}
  organizationId = organizations[0]!.id
  // A hostile user agent: C1 control CSI (0x9b) would start an escape sequence on a terminal.
  first = await fullStackLogin(emulator.url, organizationId, 'kim@example.com', 'Evil\u009b31mBrowser')
  second = await fullStackLogin(emulator.url, organizationId, 'kim@example.com')
})

async function clientToken(): Promise<string> {
  const basic = Buffer.from(`${emulator.env().SCALEKIT_CLIENT_ID}:${emulator.env().SCALEKIT_CLIENT_SECRET}`)
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {authorization: `Basic ${basic.toString('base64')}`},
    body: new URLSearchParams({grant_type: 'client_credentials'}),
  })
  return ((await response.json()) as {access_token: string}).access_token
}

describe('skctl sessions', () => {
  it('lists a user’s sessions by email, as a table with remote text escaped and as JSON', async () => {
    const table = await run(['sessions', 'list', '--user', 'kim@example.com'], {env: emulator.env()})
    expect(table.code).toBe(0)
    expect(table.stdout).toContain(first.sessionId)
    expect(table.stdout).toContain('active')
    expect(table.stdout).not.toContain('\u009b')
    expect(table.stdout).toContain('Evil')

    const {code, json} = await runJson<{sessions: SessionDoc[]; totalSize: number; truncated: boolean}>(
      ['sessions', 'list', '--user', first.userId, '--status', 'active'],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({totalSize: 2, truncated: false})
    expect(json.sessions.map((s) => s.sessionId)).toEqual([first.sessionId, second.sessionId])
    expect(json.sessions[0]).toMatchObject({userId: first.userId, status: 'active', organizationId})
  })

  it('gets one session; unknown ids exit 4 and malformed ones 2, with hints', async () => {
    const {json} = await runJson<SessionDoc>(['sessions', 'get', first.sessionId], {env: emulator.env()})
    // --json stays exact: the control character the table escaped is there.
    expect(json).toMatchObject({
      sessionId: first.sessionId,
      userId: first.userId,
      status: 'active',
      device: {userAgent: expect.stringContaining('\u009b31mBrowser')},
    })

    const missing = await runJson<ErrorDoc>(['sessions', 'get', 'ses_1'], {env: emulator.env()})
    expect(missing.code).toBe(4)
    expect(missing.json.error).toMatchObject({code: 'not_found', hint: 'skctl sessions list --user USER'})
    expect(missing.json.error.message).toContain('ses_1')

    const noUser = await runJson<ErrorDoc>(['sessions', 'list', '--user', 'usr_1'], {env: emulator.env()})
    expect(noUser.code).toBe(4)
    expect(noUser.json.error).toMatchObject({code: 'not_found', message: expect.stringContaining('usr_1')})

    const malformed = await run(['sessions', 'revoke', 'sess-1'], {env: emulator.env()})
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toMatch(/Error: "sess-1" is not a session id\nHint: /)
  })

  it('revokes one session: its refresh token stops working, the other session goes on', async () => {
    const {code, json} = await runJson<{revokedSessions: SessionDoc[]; totalRevoked: number}>(
      ['sessions', 'revoke', first.sessionId],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({totalRevoked: 1, revokedSessions: [{sessionId: first.sessionId, status: 'revoked'}]})
    expect(await refresh(emulator.url, first.refreshToken)).toMatchObject({
      status: 400,
      body: {error: 'invalid_grant', error_description: `session ${first.sessionId} was revoked`},
    })
    const next = await refresh(emulator.url, second.refreshToken)
    expect(next.status).toBe(200)
    second = {...second, refreshToken: next.body.refresh_token as string}
  })

  it('revokes every session of a user only when confirmed', async () => {
    const unconfirmed = await run(['sessions', 'revoke', '--user', 'kim@example.com', '--all'], {env: emulator.env()})
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain('Hint: pass --yes to confirm')
    expect((await refresh(emulator.url, second.refreshToken)).status).toBe(200)

    const withoutAll = await run(['sessions', 'revoke', '--user', 'kim@example.com', '--yes'], {env: emulator.env()})
    expect(withoutAll.code).toBe(2)
    expect(withoutAll.stderr).toContain('--all')

    const {code, json, stderr} = await runJson<{revokedSessions: SessionDoc[]; totalRevoked: number; userId: string}>(
      ['sessions', 'revoke', '--user', 'kim@example.com', '--all', '--yes'],
      {env: emulator.env()},
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(json).toMatchObject({userId: first.userId, totalRevoked: 1})
    expect(json.revokedSessions.map((s) => s.sessionId)).toEqual([second.sessionId])
  })
})
