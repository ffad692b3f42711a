import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {launchChromium, startCallbackApp} from '../helpers/browser.js'
import {useEmulator} from '../helpers/emulator.js'

const emulator = useEmulator()
let browser: Browser
let client: ScalekitClient
// The app's loopback callback: Chromium lands there at the end of the login.
let app: Awaited<ReturnType<typeof startCallbackApp>>
let callbackUrl: string

beforeAll(async () => {
  browser = await launchChromium()
  client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
  app = await startCallbackApp()
  callbackUrl = app.url
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Opens the app's full-stack authorization URL (no connection selector) in a fresh browser context. */
async function openLogin(): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(client.getAuthorizationUrl(callbackUrl, {scopes: ['openid', 'profile', 'email', 'offline_access']}))
  expect(new URL(page.url()).pathname).toMatch(/^\/oauth\/hosted-login\//)
  return page
}

async function submitAndLand(page: Page, button: string, where: string): Promise<void> {
  await Promise.all([page.waitForURL(where), page.click(button)])
}

/** The code the app's callback got, exchanged as the app's backend would; the session id of its tokens. */
async function sessionOf(page: Page): Promise<{userId: string; sid: string}> {
  const code = new URL(page.url()).searchParams.get('code')
  if (!code) throw new Error(`the callback had no code: ${page.url()}`)
  await page.context().close()
  const login = await client.authenticateWithCode(code, callbackUrl)
  const {sid} = await client.validateToken<{sid: string}>(login.accessToken)
  return {userId: login.user.id, sid}
}

describe('the hosted login page in a real browser', () => {
  it('signs in an email without SSO with the code from the outbox; the session shows through the SDK', async () => {
    const page = await openLogin()
    await page.fill('input[name="email"]', 'grace@nosso.test')
    await submitAndLand(page, 'button:has-text("Continue")', '**/oauth/hosted-login/**')
    await expect(page.textContent('#sent-to')).resolves.toBe('grace@nosso.test')
    const {messages} = (await emulator.admin('GET', '/_emulator/outbox?to=grace%40nosso.test')) as {
      messages: Array<{otp: string}>
    }
    await page.fill('input[name="code"]', messages.at(-1)!.otp)
    await submitAndLand(page, 'button:has-text("Verify")', `${callbackUrl}?**`)
    const {userId, sid} = await sessionOf(page)
    const {sessions} = await client.session.getUserSessions(userId)
    expect(sessions).toMatchObject([{sessionId: sid, status: 'active'}])
  })

  it('sends an organization domain with SSO on to its IdP simulator', async () => {
    const page = await openLogin()
    await page.fill('input[name="email"]', 'lin@example.com')
    await submitAndLand(page, 'button:has-text("Continue")', '**/sso/idp-simulator/**')
    await expect(page.inputValue('input[name="email"]')).resolves.toBe('lin@example.com')
    await submitAndLand(page, 'button[type="submit"]', `${callbackUrl}?**`)
    const {userId, sid} = await sessionOf(page)
    expect((await client.session.getSession(sid)).userId).toBe(userId)
  })
})
