import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {useEmulator} from '../helpers/emulator.js'
import {launchChromium} from '../helpers/browser.js'

const emulator = useEmulator()
let browser: Browser
let callbackServer: http.Server
let callbackPort: number
const received: URL[] = []

beforeAll(async () => {
  browser = await launchChromium()
  // The app's loopback callback: records what it receives, like the CLI's smoke test server.
  callbackServer = http.createServer((request, response) => {
    received.push(new URL(request.url ?? '/', `http://127.0.0.1:${callbackPort}`))
    response.writeHead(200, {'content-type': 'text/html; charset=utf-8'})
    response.end('<!doctype html><title>Signed in</title><p id="done">Signed in</p>')
  })
  callbackServer.listen(0, '127.0.0.1')
  await once(callbackServer, 'listening')
  callbackPort = (callbackServer.address() as AddressInfo).port
})

afterAll(async () => {
  await browser?.close()
  callbackServer?.closeAllConnections()
  await new Promise((resolve) => callbackServer?.close(resolve))
})

describe('IdP simulator in a real browser', () => {
  it('signs in through the form and lands on the loopback callback with a code and the state', async () => {
    const client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    const redirectUri = `http://127.0.0.1:${callbackPort}/callback`
    const authorizeUrl = client.getAuthorizationUrl(redirectUri, {
      state: 'browser-state',
      nonce: 'browser-nonce',
      loginHint: 'ada@example.com',
    })

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const requested: string[] = []
      page.on('request', (request) => requested.push(request.url()))
      await page.goto(authorizeUrl)
      expect(await page.title()).toBe('IdP Simulator')
      expect(await page.locator('#organization').textContent()).toBe('Test Organization')
      expect(await page.locator('input[name="email"]').inputValue()).toBe('ada@example.com')

      await page.selectOption('select[name="scenario"]', 'sp')
      await page.fill('input[name="email"]', 'ada@example.org')
      await page.fill('input[name="first_name"]', 'Ada')
      await page.fill('input[name="last_name"]', 'Lovelace')
      await page.fill('input[name="attr.employee_number"]', '1815')
      await Promise.all([
        page.waitForURL((url) => url.port === String(callbackPort)),
        page.click('button[type="submit"]'),
      ])
      expect(await page.locator('#done').textContent()).toBe('Signed in')

      // Chromium may also ask the callback server for /favicon.ico.
      const callbacks = received.filter((url) => url.pathname === '/callback')
      expect(callbacks).toHaveLength(1)
      const callback = callbacks[0]!
      expect(callback.searchParams.get('state')).toBe('browser-state')
      const code = callback.searchParams.get('code')!
      expect(code).toMatch(/^code_/)
      // Only the emulator and the callback were contacted: the page loads nothing from elsewhere.
      expect(
        requested.every((url) => url.startsWith(emulator.url) || url.startsWith(`http://127.0.0.1:${callbackPort}/`)),
      ).toBe(true)

      const result = await client.authenticateWithCode(code, redirectUri)
      expect(result.user).toMatchObject({email: 'ada@example.org', givenName: 'Ada', familyName: 'Lovelace'})
    } finally {
      await context.close()
    }
  })
})
