import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {launchChromium, startCallbackApp} from '../helpers/browser.js'
import {runJson} from '../helpers/cli.js'
import {useEmulator} from '../helpers/emulator.js'

const emulator = useEmulator()
let browser: Browser
// The app's loopback callback: Chromium lands there at the end of the login.
let app: Awaited<ReturnType<typeof startCallbackApp>>
let callbackUrl: string

beforeAll(async () => {
  browser = await launchChromium()
  app = await startCallbackApp()
  callbackUrl = app.url
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Signs in on the IdP simulator page in Chromium; returns the code the callback got and the browser's agent. */
async function signInInBrowser(authorizeUrl: string): Promise<{code: string; userAgent: string}> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(authorizeUrl)
    await page.fill('input[name="first_name"]', 'Lin')
    await Promise.all([page.waitForURL(`${callbackUrl}?**`), page.click('button[type="submit"]')])
    const code = new URL(page.url()).searchParams.get('code')
    if (!code) throw new Error(`the callback had no code: ${page.url()}`)
    return {code, userAgent: (await page.evaluate('navigator.userAgent')) as string}
  } finally {
    await context.close()
  }
}

describe('a full-stack session in a real browser', () => {
  it('signs in with offline_access, refreshes, and is revoked through skctl sessions', async () => {
    const client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    const authorizeUrl = client.getAuthorizationUrl(callbackUrl, {
      loginHint: 'lin@example.com',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    })
    const {code, userAgent} = await signInInBrowser(authorizeUrl)
    const login = await client.authenticateWithCode(code, callbackUrl)
    expect(login.user).toMatchObject({email: 'lin@example.com', givenName: 'Lin'})
    const {sid} = await client.validateToken<{sid: string}>(login.accessToken)
    const refreshed = await client.refreshAccessToken(login.refreshToken!)
    expect(await client.validateAccessToken(refreshed.accessToken)).toBe(true)

    const listed = await runJson<{sessions: Array<{device: {userAgent: string}; sessionId: string; status: string}>}>(
      ['sessions', 'list', '--user', 'lin@example.com'],
      {env: emulator.env()},
    )
    expect(listed.json.sessions).toEqual([
      expect.objectContaining({sessionId: sid, status: 'active', device: expect.objectContaining({userAgent})}),
    ])

    const revoked = await runJson(['sessions', 'revoke', sid], {env: emulator.env()})
    expect(revoked.code).toBe(0)
    await expect(client.refreshAccessToken(refreshed.refreshToken)).rejects.toThrow(/Failed to refresh token/)
    expect(await client.session.getSession(sid)).toMatchObject({status: 'revoked'})
  })
})
