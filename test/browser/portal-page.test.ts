import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {useEmulator} from '../helpers/emulator.js'
import {launchChromium} from '../helpers/browser.js'

const emulator = useEmulator()
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

describe('admin-portal page', () => {
  it('names the organization and loads nothing from elsewhere', async () => {
    const sk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    const {organization} = await sk.organization.createOrganization('Acme <Portal> & Co')
    const link = await sk.organization.generatePortalLink(organization?.id as string)

    const context = await browser.newContext()
    const page = await context.newPage()
    const requested: string[] = []
    page.on('request', (r) => requested.push(r.url()))
    const response = await page.goto(link.location)
    expect(response?.status()).toBe(200)
    await expect.poll(() => page.locator('h1').textContent()).toContain('Acme <Portal> & Co')
    expect(await page.title()).toContain('Acme <Portal> & Co')
    expect(requested.every((u) => u.startsWith(emulator.url))).toBe(true)
    await context.close()
  })

  it('shows a not-found page for an unknown link', async () => {
    const page = await browser.newPage()
    const response = await page.goto(`${emulator.url}/magicLink/00000000-0000-0000-0000-000000000000_p`)
    expect(response?.status()).toBe(404)
    expect(await page.locator('body').textContent()).toMatch(/not found|no longer valid|unknown/i)
    await page.close()
  })
})
