import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser, BrowserContext, CDPSession, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {launchChromium, useCallbackApp} from '../helpers/browser.js'
import {useEmulator} from '../helpers/emulator.js'

const emulator = useEmulator()
let browser: Browser
let context: BrowserContext
let page: Page
let cdp: CDPSession
let authenticatorId: string
const app = useCallbackApp()

beforeAll(async () => {
  browser = await launchChromium()
  context = await browser.newContext()
  page = await context.newPage()
  // Chromium's virtual authenticator: a platform authenticator that verifies the user without a prompt.
  cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const added = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  authenticatorId = added.authenticatorId
})

afterAll(async () => {
  await browser?.close()
})

/** The code the app's callback got once the browser is back from a sign-in. */
async function codeAtCallback(): Promise<string> {
  await page.waitForURL(`${app.url}?**`)
  const code = new URL(page.url()).searchParams.get('code')
  if (!code) throw new Error(`the callback had no code: ${page.url()}`)
  return code
}

describe('passkeys in a real browser with a virtual authenticator', () => {
  it('registers a passkey after signing in, manages it through the SDK, and signs in with it', async () => {
    const client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    const authorize = () =>
      client.getAuthorizationUrl(app.url, {
        loginHint: 'margaret@example.com',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
      })

    // Sign in on the IdP simulator; the app redeems the code, which starts the session the page serves.
    await page.goto(authorize())
    await page.click('button[type="submit"]')
    const login = await client.authenticateWithCode(await codeAtCallback(), app.url)
    const userId = login.user.id

    // The page moves to localhost (WebAuthn takes no IP address as RP ID) and registers a passkey.
    await page.goto(`${emulator.url}/passkeys`)
    expect(new URL(page.url()).hostname).toBe('localhost')
    await expect(page.textContent('#user')).resolves.toBe('margaret@example.com')
    await page.fill('#display_name', 'Chromium <key>')
    await page.click('#register button')
    await page.waitForSelector('#passkeys tr[data-id]')
    const {credentials: held} = await cdp.send('WebAuthn.getCredentials', {authenticatorId})
    expect(held).toHaveLength(1)

    const listed = await client.webauthn.listCredentials(userId)
    expect(listed.credentials).toHaveLength(1)
    const [credential] = listed.credentials
    expect(credential).toMatchObject({userId, displayName: 'Chromium <key>', transports: ['internal']})
    expect(Buffer.from(credential!.credentialId).toString('base64')).toBe(held[0]!.credentialId)
    expect(await page.textContent(`tr[data-id="${credential!.id}"] td`)).toBe('Chromium <key>')

    const renamed = await client.webauthn.updateCredential(credential!.id, 'Work laptop')
    expect(renamed.credential?.displayName).toBe('Work laptop')
    await page.reload()
    expect(await page.textContent(`tr[data-id="${credential!.id}"] td`)).toBe('Work laptop')

    // Sign in again, this time with the passkey instead of the simulator's form.
    const signInWithPasskey = async () => {
      await page.goto(authorize())
      await page.click('#passkey')
      await page.click('#sign-in button')
    }
    const signCount = async () =>
      (await cdp.send('WebAuthn.getCredentials', {authenticatorId})).credentials[0]!.signCount
    const countBefore = await signCount()
    await signInWithPasskey()
    const again = await client.authenticateWithCode(await codeAtCallback(), app.url)
    expect(again.user).toMatchObject({id: userId, email: 'margaret@example.com'})
    expect(await signCount()).toBe(countBefore + 1)

    const deleted = await client.webauthn.deleteCredential(credential!.id)
    expect(deleted.success).toBe(true)
    expect((await client.webauthn.listCredentials(userId)).credentials).toEqual([])
    // The authenticator still holds the key, but the emulator no longer accepts it.
    await signInWithPasskey()
    // The page says so once the ceremony's answer arrives (it shows 'Waiting for your authenticator…' until then).
    await page.locator('#status', {hasText: /not registered/}).waitFor()
  })
})
