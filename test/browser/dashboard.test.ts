import {mkdirSync} from 'node:fs'
import {ScalekitClient} from '@scalekit-sdk/node'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {launchChromium} from '../helpers/browser.js'
import {useEmulator} from '../helpers/emulator.js'
import {startWebhookReceiver, type WebhookReceiver} from '../helpers/webhook-receiver.js'

// Retries far in the future: the only second attempt a test sees is the one the Redeliver button makes.
const emulator = useEmulator({webhookRetryBaseMs: 600_000})
const INJECTED = '<script>window.__pwned = 1</script> & <b>Co</b>'
let browser: Browser
let sk: ScalekitClient
let receiver: WebhookReceiver
let organizationId: string

beforeAll(async () => {
  browser = await launchChromium()
  sk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
  // The first delivery fails, any later one succeeds.
  receiver = await startWebhookReceiver((n) => (n === 1 ? 503 : 200))
  const {organization} = await sk.organization.createOrganization(INJECTED, {externalId: 'dash-ext-1'})
  organizationId = organization!.id
  await sk.user.createUserAndMembership(organizationId, {email: 'ada@dash.test', sendInvitationEmail: true})
  // More than a page of organizations, so the pager has somewhere to go.
  for (let i = 0; i < 26; i++) await sk.organization.createOrganization(`Filler ${i}`)
})

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
})

/** A fresh browser signed in through the one-time link `skctl emulator open` uses. */
async function signedIn(): Promise<Page> {
  const {url} = (await emulator.admin('POST', '/_emulator/dashboard-link')) as {url: string}
  const page = await (await browser.newContext()).newPage()
  const response = await page.goto(url)
  expect(response?.status()).toBe(200)
  expect(page.url()).toBe(`${emulator.url}/dashboard`)
  return page
}

describe('emulator dashboard in Chromium', () => {
  it('navigates overview → organization → user, searches and pages, with remote names escaped', async () => {
    const page = await signedIn()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    expect(await page.locator('h1').textContent()).toBe('Overview')
    await page.click('#counts a:has-text("organizations")')
    expect(await page.locator('#total').textContent()).toBe('28 in all')
    await page.click('a[rel=next]')
    expect(await page.locator('tbody tr').count()).toBe(3)

    await page.fill('input[name=q]', 'dash-ext-1')
    await page.click('form.search button')
    expect(await page.locator('tbody tr').count()).toBe(1)
    // The name is text: no element and no script came out of it.
    expect(await page.locator('tbody td a').first().textContent()).toBe(INJECTED)
    await page.click(`a[href="/dashboard/organizations/${organizationId}"]`)
    expect(await page.locator('h1').textContent()).toBe(INJECTED)
    expect(await page.locator('main b').count()).toBe(0)
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')

    await page.click('a:has-text("ada@dash.test")')
    expect(await page.locator('h1').textContent()).toBe('ada@dash.test')
    expect(await page.locator('table').textContent()).toContain('pending invite')
    await page.click('nav a:has-text("Users")')
    await page.fill('input[name=q]', 'ADA@dash')
    await page.click('form.search button')
    expect(await page.locator('tbody tr').count()).toBe(1)

    await page.click('nav a:has-text("Outbox")')
    const accept = page.locator('a.email-link').first()
    expect(await accept.getAttribute('href')).toMatch(new RegExp(`^${emulator.url}/`))
    expect(requested.every((url) => url.startsWith(emulator.url))).toBe(true)

    await page.click('nav a:has-text("Overview")')
    mkdirSync('test-artifacts', {recursive: true})
    await page.screenshot({fullPage: true, path: 'test-artifacts/dashboard-overview.png'})
    await page.context().close()
  })

  it('redelivers a failed delivery with the Redeliver button and shows the new attempt', async () => {
    await emulator.admin('POST', '/_emulator/webhooks', {url: receiver.url})
    await emulator.admin('POST', '/_emulator/events', {type: 'organization.created', data: {id: organizationId}})
    // The delivery stays pending (its retry is far off): wait for its first attempt to be recorded.
    const attempts = async () => {
      const {deliveries} = (await emulator.admin('GET', '/_emulator/webhooks/deliveries')) as {
        deliveries: Array<{attempts: unknown[]}>
      }
      return deliveries[0]?.attempts.length
    }
    await expect.poll(attempts).toBe(1)
    expect(receiver.received).toHaveLength(1)

    const page = await signedIn()
    await page.click('nav a:has-text("Webhooks")')
    await page.click('tbody a[href^="/dashboard/webhooks/deliveries/"]')
    expect((await page.locator('#state').textContent())?.trim()).toMatch(/^pending \(next attempt /)
    expect(await page.locator('main table').textContent()).toContain('HTTP 503')
    expect(await page.locator('main table').textContent()).toContain('webhook-signature: v1,')
    expect(await page.locator('#payload').textContent()).toContain('"type": "organization.created"')

    await page.click('button:has-text("Redeliver")')
    expect(await page.locator('#flash').textContent()).toContain('Redelivered')
    expect((await page.locator('#state').textContent())?.trim()).toBe('delivered')
    const rows = page.locator('main table tbody tr')
    expect(await rows.count()).toBe(2)
    expect(await rows.nth(1).textContent()).toMatch(/2\s*\(redelivered\)[\s\S]*HTTP 200/)
    expect(receiver.received).toHaveLength(2)
    // A settled delivery can be sent once more: one more attempt, nothing scheduled after it.
    await page.click('button:has-text("Redeliver")')
    expect(await rows.count()).toBe(3)
    expect((await page.locator('#state').textContent())?.trim()).toBe('delivered')
    expect(receiver.received).toHaveLength(3)
    expect(receiver.received[2]!.body).toBe(receiver.received[0]!.body)
    expect(receiver.received[2]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id'])

    await page.click('nav a:has-text("Events")')
    expect(await page.locator('main tbody tr').first().textContent()).toContain('organization.created')
    await page.context().close()
  })

  it('refuses visitors without credentials, used links and posts without the CSRF token', async () => {
    // Without a session the browser is asked for the client credentials (HTTP Basic).
    const anonymous = await fetch(`${emulator.url}/`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="skctl-emulator"')
    expect(await anonymous.text()).toContain('skctl emulator open')
    const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`
    const authLogs = await fetch(`${emulator.url}/dashboard/auth-logs`, {headers: {authorization: basic}})
    expect(authLogs.status).toBe(200)
    expect(await authLogs.text()).toContain('<h1>Auth logs</h1>')

    const {url} = (await emulator.admin('POST', '/_emulator/dashboard-link')) as {url: string}
    const page = await (await browser.newContext()).newPage()
    expect((await page.goto(url))?.status()).toBe(200)
    const cookies = await page.context().cookies()
    expect(cookies).toHaveLength(1)
    expect(cookies[0]).toMatchObject({httpOnly: true, sameSite: 'Strict'})
    const cookie = `${cookies[0]!.name}=${cookies[0]!.value}`
    // The link works once.
    expect((await fetch(url, {redirect: 'manual'})).status).toBe(401)
    // A post from elsewhere carries the cookie at best, never the token.
    const forged = await fetch(`${emulator.url}/dashboard/reset`, {
      body: 'csrf=nope',
      headers: {cookie},
      method: 'POST',
    })
    expect(forged.status).toBe(403)
    const {organizations} = await sk.organization.listOrganization()
    expect(organizations.length).toBeGreaterThan(1)
    await page.context().close()
  })

  it('shows the fault switches and resets after confirmation', async () => {
    await emulator.admin('POST', '/_emulator/api-faults', {latencyMs: 7})
    const page = await signedIn()
    await page.click('nav a:has-text("Faults and reset")')
    expect(await page.locator('#api-faults').textContent()).toContain('"min": 7')
    await page.click('a:has-text("Reset the emulator")')
    expect(await page.locator('h1').textContent()).toBe('Reset the emulator')
    await page.click('button:has-text("Yes, reset everything")')
    expect(await page.locator('#flash').textContent()).toContain('reset')
    expect(await page.locator('#counts .card').first().textContent()).toMatch(/^1\s*organizations/)
    const {config} = (await emulator.admin('GET', '/_emulator/api-faults')) as {config: unknown}
    expect(config).toBeNull()
    await page.context().close()
  })
})
