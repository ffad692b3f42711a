import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {decodeJwt} from 'jose'
import {beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, type RunningEmulator, startEmulator} from '../../../src/emulator/index.js'
import {type FullStackLogin, fullStackLogin, refresh} from '../../helpers/sessions.js'
import {tempDir} from '../../helpers/tmp.js'
import {CALLBACK, exchange, pkce, signIn, USER} from './sso-support.js'
import {failure, sdk, useSdkEmulator} from './support.js'

const FULL_STACK = ['openid', 'profile', 'email', 'offline_access']
const logLines: string[] = []
const context = useSdkEmulator({log: (line) => logLines.push(line)})
let emulator: RunningEmulator
let organizationId: string

beforeAll(() => {
  emulator = context.emulator
  organizationId = context.seededOrg
})

/** A full-stack login through the IdP simulator, exchanged by the SDK as an app would. */
async function logIn(email = USER.email) {
  const client = sdk(emulator.url)
  const {verifier, challenge} = pkce()
  const {code} = await signIn(
    emulator.url,
    {organizationId, scopes: FULL_STACK, codeChallenge: challenge, codeChallengeMethod: 'S256'},
    {...USER, email},
  )
  return client.authenticateWithCode(code, CALLBACK, {codeVerifier: verifier})
}

/** The user events raised for `email`, oldest first, as the SDK's events list shows them: type and organization. */
async function userEvents(email: string): Promise<string[]> {
  const eventTypes = ['user.signup', 'user.login', 'user.logout', 'user.organization_membership_created']
  const {events} = await sdk(emulator.url).events.listEventsPaginated(100, '', {eventTypes})
  return events
    .filter((event) => (event.data as {user?: {email?: string}}).user?.email === email)
    .map((event) => `${event.type} ${event.organizationId}`)
    .reverse()
}

function userinfo(accessToken: string): Promise<Response> {
  return fetch(`${emulator.url}/userinfo`, {headers: {authorization: `Bearer ${accessToken}`}})
}

describe('full-stack sessions and tokens with the real SDK', () => {
  it('login, refresh with rotation, reuse detection that revokes the session', async () => {
    const client = sdk(emulator.url)
    const login = await logIn('ada@example.com')
    expect(login.expiresIn).toBe(299)
    expect(login.refreshToken).toMatch(/^rt_\d+_[\w-]{43}$/)
    expect(login.user).toMatchObject({email: 'ada@example.com', id: expect.stringMatching(/^usr_\d+$/)})
    const access = await client.validateToken<Record<string, unknown>>(login.accessToken, {
      issuer: emulator.url,
      audience: [DEFAULT_CLIENT_ID],
    })
    expect(access).toMatchObject({sub: login.user.id, oid: organizationId, roles: ['member']})
    expect(access.sid).toMatch(/^ses_\d+$/)
    expect(access.permissions).toEqual(expect.any(Array))
    expect((access.exp as number) - (access.iat as number)).toBe(300)
    expect(decodeJwt(login.idToken)).toMatchObject({sub: login.user.id, sid: access.sid, roles: ['member']})
    const sessionId = access.sid as string

    // The session is a record the SessionService shows, with the browser it came from.
    const details = await client.session.getSession(sessionId)
    expect(details).toMatchObject({sessionId, userId: login.user.id, organizationId, status: 'active'})
    expect(details.authenticatedClients).toMatchObject([{clientId: DEFAULT_CLIENT_ID, organizationId}])
    expect(details.device?.userAgent).toBeTruthy()
    const listed = await client.session.getUserSessions(login.user.id)
    expect(listed.sessions.map((s) => s.sessionId)).toEqual([sessionId])

    const info = await userinfo(login.accessToken)
    expect(info.status).toBe(200)
    expect(await info.json()).toMatchObject({sub: login.user.id, email: 'ada@example.com', sid: sessionId})

    const first = await client.refreshAccessToken(login.refreshToken!)
    expect(first.refreshToken).not.toBe(login.refreshToken)
    expect(decodeJwt(first.accessToken)).toMatchObject({sid: sessionId, sub: login.user.id})
    expect(await client.validateAccessToken(first.accessToken)).toBe(true)
    const second = await client.refreshAccessToken(first.refreshToken)

    // The first refresh token was rotated out: using it again revokes the session, so the newest fails too.
    const reused = await refresh(emulator.url, first.refreshToken)
    expect(reused.status).toBe(400)
    expect(reused.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('revoked'),
    })
    await expect(client.refreshAccessToken(second.refreshToken)).rejects.toThrow(/Failed to refresh token/)
    expect((await refresh(emulator.url, second.refreshToken)).status).toBe(400)
    expect(await client.session.getSession(sessionId)).toMatchObject({status: 'revoked'})
    // Tokens are bearer credentials: the emulator's request log names the endpoints, never the tokens.
    const log = logLines.join('\n')
    expect(log).toContain('/oauth/token')
    for (const token of [login.refreshToken!, first.refreshToken, second.accessToken]) expect(log).not.toContain(token)
    const refused = await userinfo(second.accessToken)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
  })

  it('logout through getLogoutUrl ends the session; revocation through the SDK stops refresh', async () => {
    const client = sdk(emulator.url)
    const login = await logIn('grace@example.com')
    const sessionId = decodeJwt(login.accessToken).sid as string
    const logout = await fetch(client.getLogoutUrl({idTokenHint: login.idToken, postLogoutRedirectUri: CALLBACK}), {
      redirect: 'manual',
    })
    expect(logout.status).toBe(302)
    expect(await client.session.getSession(sessionId)).toMatchObject({status: 'logout', logoutAt: expect.anything()})
    // Scalekit's user events: the first login signed the user up (just in time), each login and logout is one.
    expect(await userEvents('grace@example.com')).toEqual([
      `user.signup ${organizationId}`,
      `user.login ${organizationId}`,
      `user.logout ${organizationId}`,
    ])
    // Logging out a session that has ended already raises nothing more.
    await fetch(client.getLogoutUrl({idTokenHint: login.idToken}), {redirect: 'manual'})
    expect(await userEvents('grace@example.com')).toHaveLength(3)
    // A hint the emulator did not sign ends nothing: otherwise anyone could sign anyone out.
    const forged = `${login.idToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`
    const refusedLogout = await fetch(client.getLogoutUrl({idTokenHint: forged}), {redirect: 'manual'})
    expect(refusedLogout.status).toBe(400)
    const afterLogout = await refresh(emulator.url, login.refreshToken!)
    expect(afterLogout.status).toBe(400)
    expect(afterLogout.body).toMatchObject({
      error: 'invalid_grant',
      error_description: `session ${sessionId} was logged out`,
    })

    const again = await logIn('grace@example.com')
    const other = await logIn('grace@example.com')
    expect((await userEvents('grace@example.com')).slice(3)).toEqual([
      `user.login ${organizationId}`,
      `user.login ${organizationId}`,
    ])
    const revoked = await client.session.revokeSession(decodeJwt(again.accessToken).sid as string)
    expect(revoked.revokedSession).toMatchObject({status: 'revoked', userId: again.user.id})
    await expect(client.refreshAccessToken(again.refreshToken!)).rejects.toThrow(/Failed to refresh token/)
    expect((await userinfo(again.accessToken)).status).toBe(401)
    expect((await userinfo(other.accessToken)).status).toBe(200)

    const active = await client.session.getUserSessions(again.user.id, {filter: {status: ['active']}})
    expect(active.sessions.map((s) => s.sessionId)).toEqual([decodeJwt(other.accessToken).sid])
    const all = await client.session.revokeAllUserSessions(again.user.id)
    expect(all.totalRevoked).toBe(1)
    expect((await client.session.getUserSessions(again.user.id)).totalSize).toBe(3)
    await expect(client.refreshAccessToken(other.refreshToken!)).rejects.toThrow(/Failed to refresh token/)
  })

  it('answers the documented errors', async () => {
    const client = sdk(emulator.url)
    expect(await failure(client.session.getSession('ses_1'))).toMatchObject({errorCode: 'NOT_FOUND'})
    expect(await failure(client.session.getSession('nope'))).toMatchObject({errorCode: 'INVALID_ARGUMENT'})
    expect(await failure(client.session.getUserSessions('usr_1'))).toMatchObject({errorCode: 'NOT_FOUND'})
    expect(await failure(client.session.revokeAllUserSessions('usr_1'))).toMatchObject({errorCode: 'NOT_FOUND'})
    expect((await refresh(emulator.url, 'rt_1_' + 'a'.repeat(43))).status).toBe(400)
    expect((await fetch(`${emulator.url}/userinfo`)).status).toBe(401)
    // Taken out of the organization, a user can no longer refresh there: the session is revoked.
    const leaver = await logIn('leaver@example.com')
    await client.user.deleteMembership(organizationId, leaver.user.id)
    expect((await refresh(emulator.url, leaver.refreshToken!)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('no longer a member'),
    })
    expect(await client.session.getSession(decodeJwt(leaver.accessToken).sid as string)).toMatchObject({
      status: 'revoked',
    })
    // A Modular SSO login (no offline_access) is a session too, without a refresh token.
    const {code} = await signIn(emulator.url, {organizationId})
    const {body} = await exchange(emulator.url, {code})
    expect(body.refresh_token).toBeUndefined()
    const sid = decodeJwt(body.access_token as string).sid as string
    expect(await client.session.getSession(sid)).toMatchObject({status: 'active'})
  })
})

describe('sessions across a restart', () => {
  it('keeps sessions and refresh tokens in the data directory', async () => {
    const dataDir = tempDir('skctl-sessions-')
    const first = await startEmulator({port: 0, dataDir})
    let login: FullStackLogin
    try {
      login = await fullStackLogin(first.url, context.seededOrg, 'restart@example.com')
    } finally {
      await first.close()
    }
    // Only a hash of the refresh token is kept: the data directory holds nothing that would refresh.
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(login!.refreshToken.slice(-43))
    }
    const second = await startEmulator({port: 0, dataDir})
    try {
      const client = sdk(second.url)
      expect(await client.session.getSession(login.sessionId)).toMatchObject({status: 'active', userId: login.userId})
      const refreshed = await client.refreshAccessToken(login.refreshToken)
      expect(decodeJwt(refreshed.accessToken).sid).toBe(login.sessionId)
    } finally {
      await second.close()
    }
  })
})
