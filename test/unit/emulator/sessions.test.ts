import {describe, expect, it} from 'vitest'

import {
  endSession,
  issueRefreshToken,
  lookUpRefreshToken,
  sessionStatus,
  startSession,
} from '../../../src/emulator/oauth/sessions.js'
import {openStore} from '../../../src/emulator/store/store.js'

const MINUTE = 60_000
const T0 = Date.UTC(2026, 0, 1)

async function withSession(idleMinutes?: number) {
  const store = await openStore()
  const [organization] = store.organizations.values()
  if (idleMinutes !== undefined) {
    store.organizations.put({
      ...organization!,
      sessionPolicy: {absoluteTimeoutMinutes: 60, idleTimeoutEnabled: true, idleTimeoutMinutes: idleMinutes},
    })
  }
  const session = startSession(
    store,
    {
      userId: 'usr_1',
      organizationId: organization!.id,
      connectionId: 'conn_1',
      clientId: 'skc_1',
      fullStack: true,
      scope: 'openid offline_access',
      email: 'a@example.com',
    },
    T0,
  )
  return {store, session}
}

describe('emulator sessions', () => {
  it('expire at the absolute timeout of the application policy (7 days) when nothing else ends them', async () => {
    const {session} = await withSession()
    expect(sessionStatus(session, T0 + 7 * 24 * 60 * MINUTE - 1)).toBe('active')
    expect(sessionStatus(session, T0 + 7 * 24 * 60 * MINUTE)).toBe('expired')
  })

  it("follow an organization's idle timeout, which each refresh pushes back, up to the absolute one", async () => {
    const {store, session} = await withSession(10)
    expect(sessionStatus(session, T0 + 10 * MINUTE)).toBe('expired')
    issueRefreshToken(store, session, T0 + 9 * MINUTE)
    const touched = store.sessions.get(session.id)!
    expect(sessionStatus(touched, T0 + 18 * MINUTE)).toBe('active')
    expect(sessionStatus(touched, T0 + 19 * MINUTE)).toBe('expired')
  })

  it('know the current refresh token, the rotated-out ones, and nothing else', async () => {
    const {store, session} = await withSession()
    const first = issueRefreshToken(store, session, T0)
    const second = issueRefreshToken(store, store.sessions.get(session.id)!, T0)
    expect(lookUpRefreshToken(store, second)).toMatchObject({outcome: 'current'})
    expect(lookUpRefreshToken(store, first)).toMatchObject({outcome: 'reused'})
    // The right session number with a made-up secret: unknown, and no reason to revoke anything.
    const forged = second.replace(/_[\w-]{43}$/, `_${'A'.repeat(43)}`)
    expect(lookUpRefreshToken(store, forged).outcome).toBe('unknown')
    expect(lookUpRefreshToken(store, 'rt_1_x').outcome).toBe('unknown')
  })

  it('end once: a later revoke or logout leaves the first ending as it was', async () => {
    const {store, session} = await withSession()
    const loggedOut = endSession(store, session, 'logout', undefined, T0 + MINUTE)
    expect(sessionStatus(loggedOut)).toBe('logout')
    const again = endSession(store, loggedOut, 'revoked', undefined, T0 + 2 * MINUTE)
    expect(again.ended).toEqual({how: 'logout', time: T0 + MINUTE})
  })
})
