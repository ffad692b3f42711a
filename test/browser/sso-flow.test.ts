import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {useEmulator} from '../helpers/emulator.js'
import {launchChromium} from '../helpers/browser.js'
import {startSsoTest} from '../helpers/sso.js'

const emulator = useEmulator()
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

describe('skctl sso test in a real browser', () => {
  it('a person signs in on the IdP simulator and lands on the success page; the CLI exits 0', async () => {
    const {done, url} = startSsoTest([
      '--org',
      'org_10000000000000001',
      '--expect-email',
      'pat@example.com',
    ], emulator.env())
    const page = await browser.newPage()
    await page.goto(await url)
    await page.selectOption('select[name="scenario"]', 'sp')
    await page.fill('input[name="email"]', 'pat@example.com')
    await page.fill('input[name="first_name"]', 'Pat')
    await page.click('button[type="submit"]')
    await expect.poll(() => page.locator('h1').textContent()).toBe('SSO works')
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
    const {code, report} = await done
    expect(code).toBe(0)
    expect(report.ok).toBe(true)
    await page.close()
  })

  it('the IdP-initiated scenario restarts as SP-initiated: the person signs in again and the check passes', async () => {
    const {done, url} = startSsoTest(['--org', 'org_10000000000000001', '--scenario', 'idp'], emulator.env())
    const page = await browser.newPage()
    await page.goto(await url)
    await page.selectOption('select[name="scenario"]', 'idp')
    await page.fill('input[name="email"]', 'idp@example.com')
    await page.click('button[type="submit"]')
    // Back on the simulator for the SP-initiated restart, carrying the IdP's login hint.
    await expect.poll(() => page.inputValue('input[name="email"]')).toBe('idp@example.com')
    await page.click('button[type="submit"]')
    await expect.poll(() => page.locator('h1').textContent()).toBe('SSO works')
    expect((await done).code).toBe(0)
    await page.close()
  })

  it('the error scenario shows its page and counts as passed', async () => {
    const {done, url} = startSsoTest(['--domain', 'example.com', '--scenario', 'error'], emulator.env())
    const page = await browser.newPage()
    await page.goto(await url)
    await page.selectOption('select[name="scenario"]', 'error')
    await page.click('button[type="submit"]')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check passed')
    expect((await done).code).toBe(0)
    await page.close()
  })

  it('a callback with a forged state gets the failure page, and no token is requested', async () => {
    const {done, url} = startSsoTest(['--org', 'org_10000000000000001'], emulator.env())
    const authorize = new URL(await url)
    const callback = new URL(authorize.searchParams.get('redirect_uri') as string)
    callback.search = new URLSearchParams({code: 'code_forged', state: 'forged'}).toString()
    const before = await emulator.stats()
    const page = await browser.newPage()
    const response = await page.goto(callback.toString())
    expect(response?.status()).toBe(400)
    expect(await page.locator('body').textContent()).toMatch(/state does not match/)
    const {code} = await done
    expect(code).toBe(6)
    expect((await emulator.stats()).tokens).toBe(before.tokens)
    await page.close()
  })
})
