import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {launchChromium} from '../helpers/browser.js'
import {makeCertificate} from '../helpers/certificates.js'
import {run, runJson} from '../helpers/cli.js'
import {useEmulator} from '../helpers/emulator.js'
import {createOrganization} from '../helpers/resources.js'
import {idpMetadata} from '../helpers/saml-metadata.js'
import {startSsoTest} from '../helpers/sso.js'
import {tempDir} from '../helpers/tmp.js'

// Connections made with the CLI, seen and edited in the admin portal and used for a sign-in, in Chromium.

const emulator = useEmulator()
const env = () => emulator.env()
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

interface Details {
  id: string
  idpSetup: {acsUrl?: string; spEntityId?: string}
  samlConfig?: {idpSsoUrl?: string}
}

async function openPortal(org: string): Promise<Page> {
  const {code, json} = await runJson<{location: string}>(['portal', 'link', org], {env: env()})
  expect(code).toBe(0)
  const page = await (await browser.newContext()).newPage()
  expect((await page.goto(json.location))?.status()).toBe(200)
  return page
}

describe('connections made with skctl, in the admin portal', () => {
  it('shows a SAML connection with what the IdP needs, and an edit there is what connections get reads', async () => {
    const org = await createOrganization(emulator, 'Portal SAML Co')
    const metadata = join(tempDir(), 'okta.xml')
    writeFileSync(metadata, idpMetadata({certificates: [makeCertificate().base64]}))
    const args = ['--type', 'saml', '--provider', 'okta', '--metadata-file', metadata]
    const created = await runJson<Details>(['connections', 'create', '--org', org, ...args], {env: env()})
    expect(created.code).toBe(0)
    const {id, idpSetup} = created.json

    const page = await openPortal(org)
    await page.getByRole('link', {name: 'Single sign-on'}).first().click()
    await page.getByRole('link', {name: id}).click()
    expect(await page.locator('#sp-entity-id').textContent()).toBe(idpSetup.spEntityId)
    expect(await page.locator('#sp-acs-url').textContent()).toBe(idpSetup.acsUrl)
    expect(await page.inputValue('#idp_sso_url')).toBe('https://acme.okta.com/app/acme/sso/saml')

    await page.fill('#idp_sso_url', 'https://acme.okta.com/app/acme/sso/saml2')
    await page.getByRole('button', {name: 'Save settings'}).click()
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Settings saved')
    const after = await runJson<Details>(['connections', 'get', '--org', org, id], {env: env()})
    expect(after.json.samlConfig?.idpSsoUrl).toBe('https://acme.okta.com/app/acme/sso/saml2')
    await page.context().close()
  })

  it('an IdP-simulator connection from connections create: the portal tests it, test-result reads the run', async () => {
    const org = await createOrganization(emulator, 'Portal Simulator Co')
    const created = await runJson<Details>(['connections', 'create', '--org', org, '--provider', 'idp-simulator'], {
      env: env(),
    })
    const {id} = created.json
    const page = await openPortal(org)
    await page.getByRole('link', {name: 'Single sign-on'}).first().click()
    await page.getByRole('link', {name: id}).click()
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', {name: 'Test connection'}).click(),
    ])
    await tab.waitForLoadState()
    await tab.fill('#email', 'tess@simulated.example')
    await tab.getByRole('button', {name: 'Submit'}).click()
    await expect.poll(() => tab.locator('#test-result').textContent()).toContain('Passed')
    const testId = /Test request\s*(test_\d+)/.exec((await tab.locator('dl').textContent()) ?? '')?.[1]
    expect(testId).toBeDefined()

    const result = await runJson<{status: string; userInfo: string}>(['connections', 'test-result', id, testId!], {
      env: env(),
    })
    expect(result.code).toBe(0)
    expect(result.json.status).toBe('SUCCESS')
    expect(JSON.parse(result.json.userInfo)).toMatchObject({email: 'tess@simulated.example'})
    const unknown = await run(['connections', 'test-result', id, 'test_1'], {env: env()})
    expect(unknown.code).toBe(4)
    await page.context().close()
  })

  it('after connections enable, skctl sso test --org passes through the real simulator page', async () => {
    const org = await createOrganization(emulator, 'Browser SSO Co')
    expect((await run(['orgs', 'settings', org, '--enable', 'sso'], {env: env()})).code).toBe(0)
    const created = await runJson<Details>(['connections', 'create', '--org', org, '--provider', 'idp-simulator'], {
      env: env(),
    })
    expect((await run(['connections', 'enable', '--org', org, created.json.id], {env: env()})).code).toBe(0)

    const {done, url} = startSsoTest(['--org', org], env())
    const page = await browser.newPage()
    await page.goto(await url)
    await page.fill('input[name="email"]', 'pat@browser-sso.example')
    await page.click('button[type="submit"]')
    await expect.poll(() => page.locator('h1').textContent()).toBe('SSO works')
    const {code, report} = await done
    expect(code).toBe(0)
    expect(report.ok).toBe(true)
    await page.close()
  })
})
