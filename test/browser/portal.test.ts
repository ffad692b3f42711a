import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {create} from '@bufbuild/protobuf'
import {ScalekitClient} from '@scalekit-sdk/node'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
  TestResultStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {VerificationMethod, VerificationStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import type {Browser, Page} from 'playwright-core'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {launchChromium} from '../helpers/browser.js'
import {runJson} from '../helpers/cli.js'
import {useEmulator} from '../helpers/emulator.js'
import {sdkRpc} from '../helpers/sdk-rpc.js'

let clockOffset = 0
const emulator = useEmulator({clock: () => Date.now() + clockOffset})
let browser: Browser
let sk: ScalekitClient

beforeAll(async () => {
  browser = await launchChromium()
  sk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
})

afterAll(async () => {
  await browser?.close()
})

afterEach(() => {
  clockOffset = 0
})

async function newOrganization(name: string, externalId?: string): Promise<string> {
  const {organization} = await sk.organization.createOrganization(name, externalId ? {externalId} : undefined)
  return organization!.id
}

async function portalLink(organizationId: string): Promise<string> {
  return (await sk.organization.generatePortalLink(organizationId)).location
}

/** A page in a fresh browser (its own cookies) on the portal link, already exchanged for a session. */
async function openPortal(location: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  expect((await page.goto(location))?.status()).toBe(200)
  return page
}

async function closePage(page: Page): Promise<void> {
  await page.context().close()
}

describe('admin portal in Chromium', () => {
  it('shows the organization from an SDK link, escaped, and refuses the link in another browser', async () => {
    const name = '<script>window.__pwned = 1</script> & Co'
    const location = await portalLink(await newOrganization(name, 'escape-1'))
    const page = await (await browser.newContext()).newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    expect((await page.goto(location))?.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toBe(name)
    expect(await page.title()).toContain(name)
    expect(await page.locator('#organization').textContent()).toContain('escape-1')
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')
    expect(requested.every((url) => url.startsWith(emulator.url))).toBe(true)
    // The session survives a reload in the same browser.
    expect((await page.reload())?.status()).toBe(200)

    const other = await (await browser.newContext()).newPage()
    expect((await other.goto(location))?.status()).toBe(410)
    expect(await other.locator('h1').textContent()).toBe('Link already used')
    await closePage(page)
    await closePage(other)
  })

  it('refuses an expired link and an unknown one', async () => {
    const location = await portalLink(await newOrganization('Expired Co'))
    clockOffset = 61_000
    const page = await (await browser.newContext()).newPage()
    expect((await page.goto(location))?.status()).toBe(410)
    expect(await page.locator('.error').textContent()).toContain('expired before it was opened')
    expect((await page.goto(`${emulator.url}/magicLink/00000000-0000-0000-0000-000000000000_p`))?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Link not found')
    await closePage(page)
  })

  it('embedded in an app: sets up an IdP-simulator connection, posts UI events, and skctl sso test --simulate passes', async () => {
    const organizationId = await newOrganization('Embedded Co')
    const cli = await runJson<{location: string}>(['portal', 'link', organizationId], {env: emulator.env()})
    expect(cli.code).toBe(0)
    const app = await serveApp(cli.json.location)
    const page = await (await browser.newContext()).newPage()
    try {
      await page.goto(app.url)
      const portal = page.frameLocator('#portal')
      await portal.getByRole('link', {name: 'Single sign-on'}).click()
      await portal.locator('#kind').selectOption('simulator')
      await portal.getByRole('button', {name: 'Add connection'}).click()
      await portal.getByRole('button', {name: 'Enable connection'}).click()
      await expect.poll(() => portal.locator('#state').textContent()).toBe('enabled')

      const [connection] = (await sk.connection.listConnections(organizationId)).connections
      expect(connection).toMatchObject({
        provider: ConnectionProvider.IDP_SIMULATOR,
        type: ConnectionType.OIDC,
        enabled: true,
      })
      const enabledEvent = {
        origin: emulator.url,
        data: {
          event_type: 'ORGANIZATION_SSO_ENABLED',
          object: 'connection',
          organization_id: organizationId,
          message: 'Single sign-on connection enabled successfully',
          data: {connection_type: 'SSO', id: connection!.id, type: 'OIDC', provider: 'IDP_SIMULATOR', enabled: true},
        },
      }
      await expect.poll(() => appEvents(page)).toContainEqual(enabledEvent)

      const test = await runJson<{ok: boolean}>(
        ['sso', 'test', '--port', '0', '--org', organizationId, '--simulate', 'email=it@embedded.example'],
        {env: emulator.env()},
      )
      expect(test.code).toBe(0)
      expect(test.json.ok).toBe(true)

      await portal.getByRole('button', {name: 'Disable connection'}).click()
      await expect
        .poll(() => appEvents(page))
        .toContainEqual({
          origin: emulator.url,
          data: expect.objectContaining({
            event_type: 'ORGANIZATION_SSO_DISABLED',
            data: expect.objectContaining({enabled: false}),
          }),
        })

      // Less than five minutes of the six-hour session left: the next page warns the app at once.
      clockOffset = 6 * 60 * 60 * 1000 - 4 * 60 * 1000
      await portal.getByRole('link', {name: 'Overview'}).click()
      await expect
        .poll(() => appEvents(page))
        .toContainEqual({
          origin: emulator.url,
          data: expect.objectContaining({
            event_type: 'PORTAL_SESSION_WARNING',
            object: 'session',
            organization_id: organizationId,
          }),
        })
    } finally {
      await closePage(page)
      await app.close()
    }
  })

  it('Test connection runs the IdP simulator in a new tab and shows what the app would receive', async () => {
    const organizationId = await newOrganization('Tested Co')
    const {connection} = await sk.connection.createConnection(
      organizationId,
      create(CreateConnectionSchema, {type: ConnectionType.OIDC, provider: ConnectionProvider.IDP_SIMULATOR}),
    )
    const page = await openPortal(await portalLink(organizationId))
    await page.getByRole('link', {name: connection!.id}).first().click()
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', {name: 'Test connection'}).click(),
    ])
    await tab.waitForLoadState()
    expect(await tab.locator('#connection').textContent()).toBe(connection!.id)
    await tab.fill('#email', 'tester@tested.example')
    await tab.fill('#first_name', 'Tess')
    await tab.getByRole('button', {name: 'Submit'}).click()
    await expect
      .poll(() => tab.locator('#test-result').textContent())
      .toContain('Passed: Signed in as tester@tested.example')
    const details = (await tab.locator('dl').textContent()) ?? ''
    expect(details).toContain('Tess')
    // The run is a test request GetConnectionTestResult answers for, with what the application received.
    const testRequestId = /Test request\s*(test_\d+)/.exec(details)?.[1]
    const result = await sdkRpc<{status: TestResultStatus; userInfo?: string}>(
      sk,
      'connection',
      'getConnectionTestResult',
      {
        connectionId: connection!.id,
        testRequestId,
      },
    )
    expect(result.status).toBe(TestResultStatus.SUCCESS)
    expect(JSON.parse(result.userInfo!)).toMatchObject({email: 'tester@tested.example', given_name: 'Tess'})
    await closePage(page)
  })

  it('refuses a form whose CSRF token is missing', async () => {
    const organizationId = await newOrganization('Forged Co')
    const page = await openPortal(await portalLink(organizationId))
    await page.getByRole('link', {name: 'Domains'}).click()
    await page.evaluate("document.querySelectorAll('input[name=csrf]').forEach((input) => input.remove())")
    await page.fill('#domain', 'forged.example')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', {name: 'Add and verify domain'}).click(),
    ])
    expect(response.status()).toBe(403)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Form refused')
    expect((await sk.domain.listDomains(organizationId)).domains).toEqual([])
    await closePage(page)
  })

  it('adds a domain, verified on the admin’s word as the emulator’s domain service does', async () => {
    const organizationId = await newOrganization('Domain Co')
    const page = await openPortal(await portalLink(organizationId))
    await page.getByRole('link', {name: 'Domains'}).click()
    await page.fill('#domain', 'Portal-Verify.Example')
    await page.getByRole('button', {name: 'Add and verify domain'}).click()
    await expect.poll(() => page.locator('#flash').textContent()).toContain('portal-verify.example added: verified')
    expect(await page.locator('tr[data-domain="portal-verify.example"] .status').textContent()).toBe(
      "verified (by the organization's admin)",
    )
    const [domain] = (await sk.domain.listDomains(organizationId)).domains
    expect(domain).toMatchObject({
      domain: 'portal-verify.example',
      verificationStatus: VerificationStatus.VERIFIED,
      verificationMethod: VerificationMethod.ADMIN,
    })
    await closePage(page)
  })
})

/** The customer's app: a settings page on another loopback port that embeds the portal and records its events. */
async function serveApp(portalLocation: string): Promise<{url: string; close(): Promise<void>}> {
  const page = `<!doctype html><title>Settings</title>
<script>
window.portalEvents = []
window.addEventListener('message', (event) => window.portalEvents.push({origin: event.origin, data: event.data}))
</script>
<iframe id="portal" src="${portalLocation}" width="100%" height="900"></iframe>`
  const server: Server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8')
    response.end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/settings`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function appEvents(page: Page): Promise<unknown[]> {
  return page.evaluate('window.portalEvents')
}
