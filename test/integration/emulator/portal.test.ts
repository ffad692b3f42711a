import {
  ConnectionStatus,
  NameIdFormat,
  OIDCScope,
  RequestBinding,
  TestResultStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {afterEach, describe, expect, it} from 'vitest'
import {useEmulator} from '../../helpers/emulator.js'
import {sdk} from './support.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'

// The admin portal over plain HTTP: link lifecycle, sessions, CSRF and the forms whose outcome shows in the API.
// What needs a browser (rendering, UI events, the simulator tab) is in test/browser/portal.test.ts.

let clockOffset = 0
const emulator = useEmulator({clock: () => Date.now() + clockOffset})
const MINUTE = 60_000
const SIX_HOURS = 6 * 60 * MINUTE

afterEach(() => {
  clockOffset = 0
})

/** One browser's view of the portal: it keeps the session cookie and the CSRF token of the last page. */
class PortalBrowser {
  cookie = ''
  csrf = ''
  html = ''
  /** The page last shown, relative to the link. */
  path = ''

  constructor(readonly location: string) {}

  async open(path = ''): Promise<Response> {
    const response = await fetch(this.location + path, {headers: {cookie: this.cookie}, redirect: 'manual'})
    this.keep(response)
    this.path = path
    this.html = await response.text()
    this.csrf = /name="csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? this.csrf
    return response
  }

  /** Posts a form (without a CSRF token when `csrf` is null) and follows the redirect back, like a browser. */
  async post(path: string, fields: Record<string, string>, csrf: string | null = this.csrf): Promise<Response> {
    const body = new URLSearchParams(fields)
    if (csrf !== null) body.set('csrf', csrf)
    const response = await fetch(this.location + path, {
      method: 'POST',
      headers: {cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded'},
      body,
      redirect: 'manual',
    })
    this.keep(response)
    if (response.status !== 303) {
      this.html = await response.text()
      return response
    }
    const target = new URL(response.headers.get('location')!, this.location)
    return this.open(target.pathname.slice(new URL(this.location).pathname.length))
  }

  text(): string {
    return this.html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')
  }

  private keep(response: Response): void {
    const cookie = response.headers.get('set-cookie')?.split(';')[0]
    if (cookie) this.cookie = cookie
  }
}

async function newPortal(name: string) {
  const client = sdk(emulator.url)
  const {organization} = await client.organization.createOrganization(name)
  const link = await client.organization.generatePortalLink(organization!.id)
  return {client, organizationId: organization!.id, link, browser: new PortalBrowser(link.location)}
}

/** A portal whose link this browser has already opened. */
async function openPortal(name: string) {
  const portal = await newPortal(name)
  expect((await portal.browser.open()).status).toBe(200)
  return portal
}

describe('admin-portal link lifecycle', () => {
  it('exchanges a link once for an HttpOnly, Lax session cookie scoped to the link; another browser is refused', async () => {
    const {browser, link} = await newPortal('Lifecycle Co')
    const first = await browser.open()
    expect(first.status).toBe(200)
    const path = new URL(link.location).pathname
    expect(first.headers.get('set-cookie')).toMatch(
      new RegExp(`^skctl_portal=[\\w-]{43}; Path=${path}; Max-Age=21600; HttpOnly; SameSite=Lax$`),
    )
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(first.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[\w+/=]+'; form-action 'self'; base-uri 'none'; frame-ancestors http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*$/,
    )
    expect(browser.text()).toContain('Lifecycle Co')
    expect((await browser.open('/sso')).status).toBe(200)

    const other = new PortalBrowser(link.location)
    const refused = await other.open()
    expect(refused.status).toBe(410)
    expect(other.text()).toContain('already been opened')
    expect(refused.headers.get('set-cookie')).toBeNull()
    expect((await other.open('/sso')).status).toBe(410)
  })

  it('refuses unknown, revoked and expired links, and ends sessions after six hours', async () => {
    expect(
      (await new PortalBrowser(`${emulator.url}/magicLink/00000000-0000-0000-0000-000000000000_p`).open()).status,
    ).toBe(404)
    const revoked = await newPortal('Revoked Co')
    await revoked.client.organization.deleteOrganization(revoked.organizationId)
    expect((await revoked.browser.open()).status).toBe(404)

    const late = await newPortal('Late Co')
    const early = await newPortal('Early Co')
    expect((await early.browser.open()).status).toBe(200)
    clockOffset += MINUTE + 1000
    const expired = await late.browser.open()
    expect(expired.status).toBe(410)
    expect(late.browser.text()).toContain('expired before it was opened')
    expect((await early.browser.open()).status).toBe(200)

    clockOffset += SIX_HOURS
    const ended = await early.browser.open()
    expect(ended.status).toBe(410)
    expect(early.browser.text()).toContain('session has ended')
    expect(ended.headers.get('set-cookie')).toMatch(/^skctl_portal=; Path=\/magicLink\/[\w-]+_p; Max-Age=0;/)
  })

  it('refuses a form without the session’s CSRF token and changes nothing', async () => {
    const {browser, client, organizationId} = await openPortal('Forgery Co')
    await browser.open('/domains')
    for (const csrf of [null, 'forged']) {
      const refused = await browser.post('/domains', {domain: 'forgery.example', type: 'ORGANIZATION_DOMAIN'}, csrf)
      expect(refused.status).toBe(403)
      expect(browser.text()).toContain('security token')
    }
    expect((await client.domain.listDomains(organizationId)).domains).toEqual([])
  })

  it('answers 405 for other methods and 403 for pages of a link not yet opened', async () => {
    const {link, browser} = await newPortal('Methods Co')
    expect((await fetch(link.location, {method: 'DELETE'})).status).toBe(405)
    expect((await browser.open('/sso')).status).toBe(403)
    expect((await browser.open()).status).toBe(200)
  })
})

describe('admin-portal forms', () => {
  it('shows the service’s own validation message and keeps the form usable', async () => {
    const {browser} = await openPortal('Invalid Co')
    await browser.open('/domains')
    await browser.post('/domains', {domain: 'not a domain', type: 'ORGANIZATION_DOMAIN'})
    expect(browser.text()).toContain('not a domain is not a valid domain name')
    await browser.post('/sso', {kind: 'ldap', provider: 'OKTA'})
    expect(browser.text()).toContain('choose OIDC, SAML or the IdP simulator')
  })

  it('adds an IdP-simulator connection that is complete at once, like the seeded one', async () => {
    const {browser, client, organizationId} = await openPortal('Simulator Co')
    await browser.open('/sso')
    await browser.post('/sso', {kind: 'simulator', provider: 'OKTA'})
    expect(browser.text()).toContain('needs no settings')
    const id = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    const {connection} = await client.connection.getConnection(organizationId, id!)
    expect(connection).toMatchObject({provider: 14, type: 1, status: ConnectionStatus.COMPLETED, enabled: false})
  })

  it('configures an OIDC connection, keeps its secret, and tests whether the IdP answers', async () => {
    const {browser, client, organizationId} = await openPortal('OIDC Co')
    await browser.open('/sso')
    await browser.post('/sso', {kind: 'oidc', provider: 'OKTA'})
    const id = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    expect(id).toBeDefined()
    await browser.post(`/sso/${id}/settings`, {
      issuer: emulator.url,
      client_id: 'portal-client',
      client_secret: 's3cret',
    })
    expect(browser.text()).toContain('Settings saved')
    expect(browser.html).not.toContain('s3cret')
    const {connection} = await client.connection.getConnection(organizationId, id!)
    expect(connection).toMatchObject({status: ConnectionStatus.COMPLETED, provider: 1, enabled: false})
    expect(connection?.settings).toMatchObject({
      case: 'oidcConfig',
      value: {issuer: emulator.url, clientId: 'portal-client'},
    })

    await browser.post(`/sso/${id}/test`, {})
    expect(browser.text()).toContain('Test connection: IdP reachable')
    expect(browser.text()).toContain(`${emulator.url}/.well-known/openid-configuration: found`)
    // The run is a test request the API answers for, as Scalekit's portal polls it.
    const passed = /Test request: (test_\d+)/.exec(browser.text())?.[1]
    const result = await sdkRpc<{status: TestResultStatus}>(client, 'connection', 'getConnectionTestResult', {
      connectionId: id,
      testRequestId: passed,
    })
    expect(result.status).toBe(TestResultStatus.SUCCESS)

    // A blank secret keeps the saved one; the unreachable issuer is reported as such.
    await browser.post(`/sso/${id}/settings`, {
      issuer: 'http://127.0.0.1:1',
      client_id: 'portal-client',
      client_secret: '',
    })
    const kept = (await client.connection.getConnection(organizationId, id!)).connection
    expect(kept?.status).toBe(ConnectionStatus.COMPLETED)
    await browser.post(`/sso/${id}/test`, {})
    expect(browser.text()).toContain('Test connection: IdP not reachable')
    expect(browser.text()).toContain('openid-configuration: could not be reached (')
    const failed = /Test request: (test_\d+)/.exec(browser.text())?.[1]
    expect(failed).not.toBe(passed)
    const failure = await sdkRpc<{status: TestResultStatus; error?: string; errorDescription?: string}>(
      client,
      'connection',
      'getConnectionTestResult',
      {connectionId: id, testRequestId: failed},
    )
    expect(failure).toMatchObject({status: TestResultStatus.FAILURE, error: 'idp_not_reachable'})
    expect(failure.errorDescription).toContain('could not be reached')
  })

  it('shows the redirect URI, and edits scopes and PKCE on the record the API reads', async () => {
    const {browser, client, organizationId} = await openPortal('OIDC Scopes Co')
    await browser.open('/sso')
    await browser.post('/sso', {kind: 'oidc', provider: 'GOOGLE'})
    const id = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    expect(browser.text()).toContain(`Redirect URI ${emulator.url}/sso/v1/oidc/${id}/callback`)
    await browser.post(`/sso/${id}/settings`, {
      issuer: 'https://accounts.google.com',
      client_id: 'g-client',
      client_secret: 'g-secret',
      scopes: 'openid email',
      pkce_enabled: 'on',
    })
    const {connection} = await client.connection.getConnection(organizationId, id!)
    expect(connection?.settings).toMatchObject({
      case: 'oidcConfig',
      value: {scopes: [OIDCScope.openid, OIDCScope.email], pkceEnabled: true},
    })
    expect(browser.html).toContain('value="openid email"')
    await browser.post(`/sso/${id}/settings`, {issuer: 'https://accounts.google.com', client_id: 'g', scopes: 'wrong'})
    expect(browser.text()).toContain('unknown scope wrong')
  })

  it('accepts only https IdP URLs (http on loopback): javascript: and others are a form error, not a completed connection', async () => {
    const {browser, client, organizationId} = await openPortal('URL Rules Co')
    await browser.open('/sso')
    await browser.post('/sso', {kind: 'oidc', provider: 'OKTA'})
    const oidc = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    await browser.post('/sso', {kind: 'saml', provider: 'OKTA'})
    const saml = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    const refused = [
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'http://idp.example.com',
      'https://user:password@idp.example.com',
      'not a url',
    ]
    for (const url of refused) {
      await browser.post(`/sso/${oidc}/settings`, {issuer: url, client_id: 'portal-client', client_secret: 's3cret'})
      expect(browser.text(), url).toContain('oidc_config.issuer must be an https URL')
      await browser.post(`/sso/${saml}/settings`, {idp_metadata_url: url})
      expect(browser.text(), url).toContain('saml_config.idp_metadata_url must be an https URL')
    }
    for (const id of [oidc, saml]) {
      const {connection} = await client.connection.getConnection(organizationId, id!)
      expect(connection?.status, id).not.toBe(ConnectionStatus.COMPLETED)
      // Nothing refused was stored.
      expect(JSON.stringify(connection?.settings.value ?? {}), id).not.toMatch(/javascript|data:|file:|idp\.example/)
    }

    for (const issuer of ['https://idp.example.com', 'http://localhost:8080/realms/dev', 'http://[::1]:9000']) {
      await browser.post(`/sso/${oidc}/settings`, {issuer, client_id: 'portal-client', client_secret: 's3cret'})
      expect(browser.text(), issuer).toContain('Settings saved')
    }
    await browser.post(`/sso/${saml}/settings`, {idp_metadata_url: 'https://idp.example.com/metadata'})
    const {connection} = await client.connection.getConnection(organizationId, saml!)
    expect(connection?.status).toBe(ConnectionStatus.COMPLETED)
  })

  it('configures a SAML connection by hand', async () => {
    const {browser, client, organizationId} = await openPortal('SAML Co')
    await browser.open('/sso')
    await browser.post('/sso', {kind: 'saml', provider: 'MICROSOFT_AD'})
    const id = /^\/sso\/(conn_\d+)$/.exec(browser.path)?.[1]
    await browser.post(`/sso/${id}/settings`, {
      idp_metadata_url: '',
      idp_entity_id: 'https://sts.example.net/entity',
      idp_sso_url: 'https://sts.example.net/sso',
      idp_certificate: 'MIIC-not-really-a-certificate',
      idp_slo_url: 'https://sts.example.net/slo',
      idp_name_id_format: 'EMAIL',
      idp_sso_request_binding: 'HTTP_REDIRECT',
    })
    const {connection} = await client.connection.getConnection(organizationId, id!)
    expect(connection).toMatchObject({status: ConnectionStatus.COMPLETED, type: 2, provider: 3})
    expect(connection?.settings).toMatchObject({
      case: 'samlConfig',
      value: {
        idpEntityId: 'https://sts.example.net/entity',
        idpSloUrl: 'https://sts.example.net/slo',
        idpNameIdFormat: NameIdFormat.EMAIL,
        idpSsoRequestBinding: RequestBinding.HTTP_REDIRECT,
      },
    })
    // What the customer's IT admin enters in the IdP, the same values the API reads back.
    const sp = `${emulator.url}/sso/v1/saml/${id}`
    expect(browser.text()).toContain(`SP entity ID (audience) ${sp}`)
    expect(browser.text()).toContain(`ACS URL (single sign-on URL) ${sp}/callback`)
    expect(connection?.settings.case === 'samlConfig' && connection.settings.value.spAssertionUrl).toBe(
      `${sp}/callback`,
    )
  })

  it('sets up SCIM provisioning and shows the bearer token exactly once', async () => {
    const {browser, client, organizationId} = await openPortal('SCIM Co')
    await browser.open('/directory')
    await browser.post('/directory', {provider: 'MICROSOFT_AD'})
    expect(browser.html).toContain('ORGANIZATION_DIRECTORY_ENABLED')
    const directory = await client.directory.getPrimaryDirectoryByOrganizationId(organizationId)
    expect(directory).toMatchObject({enabled: true, organizationId})
    expect(browser.text()).toContain(`${emulator.url}/directory/${directory.id}/scim/v2`)

    await browser.post(`/directory/${directory.id}/secret`, {})
    const secret = /<code id="secret">([^<]+)<\/code>/.exec(browser.html)?.[1]
    expect(secret).toMatch(/^scim_/)
    expect(browser.text()).toContain(`ends in …${secret!.slice(-4)}`)
    await browser.open('/directory')
    expect(browser.html).not.toContain(secret)

    await browser.post(`/directory/${directory.id}/disable`, {})
    expect(browser.html).toContain('ORGANIZATION_DIRECTORY_DISABLED')
    expect((await client.directory.getDirectory(organizationId, directory.id)).directory?.enabled).toBe(false)
  })
})
