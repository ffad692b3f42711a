import {readFileSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {describe, expect, it} from 'vitest'

import {createConnection, setConnectionEnabled} from '../../../src/api/connections.js'
import {addDomain} from '../../../src/api/domains.js'
import {updateFeatures} from '../../../src/api/organizations.js'
import {checkConnections, selectOrganizations} from '../../../src/checks/connections.js'
import {probeSso} from '../../../src/checks/sso-probe.js'
import {readSettings} from '../../../src/connections/settings-input.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {cliApi, createOrganization, type ErrorJson, seededOrganizationId} from '../../helpers/resources.js'
import {makeCertificate} from '../../helpers/certificates.js'
import {idpMetadata} from '../../helpers/saml-metadata.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
const env = () => emulator.env()

interface Finding {
  connectionId: string | null
  fix: string
  message: string
  organizationId: string
  rule: string
}
interface OrganizationCheck {
  connections: Array<{enabled: boolean; id: string; provider: string; status: string; type: string}>
  domains: string[]
  findings: Finding[]
  id: string
  name: string
  ok: boolean
  ssoEnabled: boolean
}
interface Report {
  ok: boolean
  organizations: OrganizationCheck[]
}

// Fixtures are set up, and reports that only need their findings read, in-process through the same capability
// code the commands run: `connections check --json` prints exactly what checkConnections returns. CLI spawns are
// kept for what users see: exit codes, the table, the JUnit file, --json itself.
const api = () => cliApi(emulator)
const enableSso = (org: string) => updateFeatures(api(), org, [{enabled: true, name: 'sso'}])
const checkInProcess = async (...refs: string[]) => checkConnections(api(), await selectOrganizations(api(), refs))

/** A new connection: the API creates it as a disabled draft. */
async function createDraftConnection(org: string): Promise<string> {
  const client = await emulator.sdk()
  const {connection} = await client.connection.createConnection(org, {
    provider: ConnectionProvider.OKTA,
    type: ConnectionType.OIDC,
  } as Parameters<typeof client.connection.createConnection>[1])
  expect(connection?.status).toBe(ConnectionStatus.DRAFT)
  return connection!.id
}

async function seededConnectionId(org: string): Promise<string> {
  const client = await emulator.sdk()
  return (await client.connection.listConnections(org)).connections[0]!.id
}

describe('skctl connections check', () => {
  it('passes the seeded Test Organization with SSO on: an enabled, completed connection and its domains', async () => {
    const org = await seededOrganizationId(emulator)
    await enableSso(org)
    const {code, json} = await runJson<Report>(['connections', 'check', '--org', org], {env: env()})
    expect(code).toBe(0)
    expect(json.ok).toBe(true)
    expect(json.organizations).toHaveLength(1)
    const [checked] = json.organizations
    expect(checked).toMatchObject({findings: [], id: org, name: 'Test Organization', ok: true, ssoEnabled: true})
    expect(checked?.connections).toEqual([expect.objectContaining({enabled: true, status: 'COMPLETED', type: 'OIDC'})])
    expect([...(checked?.domains ?? [])].sort()).toEqual(['example.com', 'example.org'])

    const text = await run(['connections', 'check', '--org', org], {env: env()})
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^ORGANIZATION\s+NAME\s+SSO\s+CONNECTION\s+RESULT\s+RULE\s+FIX$/m)
    expect(text.stdout).toMatch(new RegExp(`^${org}\\s+Test Organization\\s+yes\\s+ok$`, 'm'))
    expect(text.stderr).toContain('1 organization passes.')
  })

  it('an organization with SSO on but no connection is a finding (exit 6) pointing to a portal link', async () => {
    const org = await createOrganization(emulator, 'SSO Without Connection')
    await enableSso(org)
    const json = await checkInProcess(org)
    expect(json.ok).toBe(false)
    expect(json.organizations[0]).toMatchObject({connections: [], ok: false, ssoEnabled: true})
    expect(json.organizations[0]?.findings).toEqual([
      {
        connectionId: null,
        fix: expect.stringContaining(`skctl portal link ${org}`) as string,
        message: expect.stringContaining('no SSO connection') as string,
        organizationId: org,
        rule: 'no-connection',
      },
    ])
    const text = await run(['connections', 'check', '--org', org], {env: env()})
    expect(text.code).toBe(6)
    expect(text.stdout).toMatch(
      new RegExp(`^${org}\\s+SSO Without Connection\\s+yes\\s+fail: .+no-connection\\s+`, 'm'),
    )
    expect(text.stderr).toContain('1 of 1 organization has findings.')
  })

  it('a disabled connection is a finding naming the enable command; enabling it passes', async () => {
    const org = await seededOrganizationId(emulator)
    await enableSso(org)
    const id = await seededConnectionId(org)
    await setConnectionEnabled(api(), org, id, false)
    try {
      const json = await checkInProcess(org)
      expect(json.ok).toBe(false)
      const fix = `skctl connections enable --org ${org} ${id}`
      expect(json.organizations[0]?.findings.map((f) => [f.rule, f.connectionId, f.fix])).toEqual([
        ['no-active-connection', null, fix],
        ['connection-disabled', id, fix],
      ])
    } finally {
      await setConnectionEnabled(api(), org, id, true)
    }
    expect((await checkInProcess(org)).ok).toBe(true)
  })

  it('a draft connection is reported as incomplete, with the command to finish it', async () => {
    const org = await createOrganization(emulator, 'Draft Connection Inc', 'draft-inc')
    await enableSso(org)
    const draft = await createDraftConnection(org)
    const {code, json} = await runJson<Report>(['connections', 'check', '--org', 'draft-inc'], {env: env()})
    expect(code).toBe(6)
    expect(json.organizations[0]?.findings.map((f) => [f.rule, f.connectionId])).toEqual([
      ['no-active-connection', null],
      ['connection-incomplete', draft],
    ])
    expect(json.organizations[0]?.connections).toEqual([
      expect.objectContaining({enabled: false, id: draft, status: 'DRAFT'}),
    ])
  })

  it('checks every organization by default, with a JUnit report of one case per organization', async () => {
    const org = await createOrganization(emulator, 'Beta & <Sons>')
    await enableSso(org)
    const path = join(tempDir(), 'connections.xml')
    const {code, json} = await runJson<Report>(['connections', 'check', '--junit', path], {env: env()})
    expect(code).toBe(6)
    const all = await selectOrganizations(api(), [])
    expect(all.length).toBeGreaterThan(1)
    expect(json.organizations.map((o) => o.id).sort()).toEqual(all.map((o) => o.id).sort())
    const failed = json.organizations.filter((o) => !o.ok).length
    const xml = readFileSync(path, 'utf8')
    expect(xml).toContain(`<testsuites tests="${json.organizations.length}" failures="${failed}"`)
    expect(xml).toContain(`<testcase name="Beta &amp; &lt;Sons&gt; (${org})" classname="connections.${org}"`)
    expect(xml).toMatch(
      /<failure message="\[no-connection\] SSO is on but the organization has no SSO connection">Fix: /,
    )
  })
})

describe('skctl connections check — errors', () => {
  it('--sso-test also signs in through the IdP simulator; a broken login is a finding naming the stage', async () => {
    const org = await seededOrganizationId(emulator)
    await enableSso(org)
    // What --sso-test adds, in-process: a clean login passes.
    const passing = await probeSso(api(), await checkInProcess(org))
    expect(passing).toMatchObject({ok: true, organizations: [{findings: [], ok: true}]})
    await emulator.admin('POST', '/_emulator/faults', {count: 1, idToken: 'wrong_nonce'})
    const failing = await runJson<Report>(['connections', 'check', '--org', org, '--sso-test'], {env: env()})
    expect(failing.code).toBe(6)
    expect(failing.json.organizations[0]?.findings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/failed at "ID token" \[nonce\]/),
        rule: 'sso-test-failed',
      }),
    ])
    const real = await run(['connections', 'check', '--sso-test'], {
      env: emulator.env({SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev'}),
    })
    expect(real.code).toBe(2)
  })

  it('checks configured SAML connections: an IdP certificate expiring or expired is a finding, also in JUnit', async () => {
    // The customer's IdP publishes its metadata here; what it serves changes as its certificate ages.
    let served = idpMetadata({certificates: [makeCertificate({days: 12}).base64]})
    const idp = createServer((_req, res) => res.writeHead(200, {'content-type': 'application/xml'}).end(served))
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve))
    try {
      const metadataUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/metadata`
      const org = await createOrganization(emulator, 'Expiring IdP Co')
      await enableSso(org)
      await addDomain(api(), org, 'expiring-idp.example', 'organization')
      // What `connections create --type saml --provider okta --metadata-url URL --enable` does.
      const {changes} = await readSettings({'metadata-url': metadataUrl}, 'SAML')
      const {id} = await createConnection(api(), org, {changes, enable: true, provider: 'okta', type: 'SAML'})

      const junit = join(tempDir(), 'connections.xml')
      const {code, json} = await runJson<Report>(['connections', 'check', '--org', org, '--junit', junit], {env: env()})
      expect(code).toBe(6)
      expect(json.organizations[0]?.findings).toEqual([
        {
          connectionId: id,
          fix: expect.stringMatching(
            /^ask the customer's IT admin to plan the IdP certificate rotation .*; then skctl connections update --org /,
          ) as string,
          message: expect.stringMatching(
            new RegExp(
              `^connection ${id} \\(warning\\): md:KeyDescriptor\\[use=signing\\]/ds:X509Certificate: the signing certificate \\(CN=idp\\.example\\) expires on \\d{4}-\\d\\d-\\d\\d, in 12 days$`,
            ),
          ) as string,
          organizationId: org,
          rule: 'certificate-expiring',
        },
      ])
      const xml = readFileSync(junit, 'utf8')
      expect(xml).toContain('failures="1"')
      expect(xml).toContain('<failure message="[certificate-expiring] connection')

      served = idpMetadata({certificates: [makeCertificate({days: -3}).base64]})
      const expired = await checkInProcess(org)
      expect(expired.ok).toBe(false)
      expect(expired.organizations[0]?.findings.map((f) => f.rule)).toEqual(['certificate-expired'])

      served = idpMetadata({certificates: [makeCertificate({days: 400}).base64]})
      const renewed = await checkInProcess(org)
      expect(renewed.ok).toBe(true)
    } finally {
      await new Promise((resolve) => idp.close(resolve))
    }
  })

  it('an unknown organization exits 4 and names it', async () => {
    const {code, json} = await runJson<ErrorJson>(['connections', 'check', '--org', 'org_999999999'], {env: env()})
    expect(code).toBe(4)
    expect(json.error.message).toContain('org_999999999')
  })

  it('--org and --all together are a usage error (exit 2)', async () => {
    const org = await seededOrganizationId(emulator)
    const {code, stderr} = await run(['connections', 'check', '--all', '--org', org], {env: env()})
    expect(code).toBe(2)
    expect(stderr).toMatch(/--org|--all/)
  })

  it('needs credentials (exit 3)', async () => {
    const {code} = await run(['connections', 'check'])
    expect(code).toBe(3)
  })
})
