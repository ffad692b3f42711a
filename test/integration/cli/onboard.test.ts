import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {makeCertificate} from '../../helpers/certificates.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {idpMetadata} from '../../helpers/saml-metadata.js'
import {tempDir} from '../../helpers/tmp.js'
import {runOnTerminal} from '../../helpers/tty.js'
import {sdk} from '../emulator/support.js'

const emulator = useEmulator()
const env = () => emulator.env()

afterEach(async () => {
  await emulator.admin('DELETE', '/_emulator/api-faults')
})

interface Step {
  detail: string
  error?: {code: string; message: string}
  id?: string
  status: string
  step: string
}
interface OnboardJson {
  connection: null | {enabled: boolean; id: string; idpSetup: {acsUrl?: string; spEntityId?: string}; type: string}
  directory: null | {enabled: boolean; endpoint: string; id: string}
  externalId: string
  handoff?: {markdown: string; path: null | string}
  organizationId: null | string
  steps: Step[]
}

const statuses = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.step, s.status]))

/** What exists for the organization, read with the real SDK: the duplicates a re-run must not make. */
async function inventory(externalId: string) {
  const client = sdk(emulator.url)
  const {organization} = await client.organization.getOrganizationByExternalId(externalId)
  const id = organization?.id ?? ''
  const organizations = (await client.organization.listOrganization({pageSize: 100})).organizations
  return {
    connections: (await client.connection.listConnections(id)).connections,
    directories: (await client.directory.listDirectories(id)).directories,
    domains: (await client.domain.listDomains(id)).domains.map((d) => d.domain),
    organizations: organizations.filter((o) => o.externalId === externalId).length,
  }
}

describe('skctl onboard', () => {
  it('a script sets up a SAML connection and a directory, hands off the real values, and a re-run finds everything', async () => {
    const metadata = join(tempDir(), 'okta.xml')
    writeFileSync(metadata, idpMetadata({certificates: [makeCertificate({days: 365}).base64]}))
    const handoff = join(tempDir(), 'handoff.md')
    const args = [
      'onboard',
      ...['--name', 'Saml [Corp](https://evil.example)', '--external-id', 'onboard-saml', '--domain', 'saml-corp.com'],
      ...['--sso', '--scim', '--provider', 'okta', '--type', 'saml', '--metadata-file', metadata],
      ...['--handoff', handoff],
    ]
    const first = await runJson<OnboardJson>(args, {env: env()})
    expect(first.code).toBe(0)
    expect(statuses(first.json.steps)).toEqual({
      connection: 'created',
      directory: 'created',
      domains: 'created',
      features: 'updated',
      handoff: 'created',
      organization: 'created',
    })
    const {connection, directory, organizationId} = first.json
    expect(organizationId).toMatch(/^org_/)
    expect(connection).toMatchObject({enabled: false, type: 'SAML'})
    expect(directory).toMatchObject({enabled: true, endpoint: expect.stringMatching(/\/scim\/v2$/)})
    expect(first.json.handoff?.path).toBe(handoff)

    // The handoff carries the values of the connection as the API has it, the IdP's own steps, and no secret or link.
    const {connection: real} = await sdk(emulator.url).connection.getConnection(
      organizationId ?? '',
      connection?.id ?? '',
    )
    const saml = real?.settings.case === 'samlConfig' ? real.settings.value : undefined
    expect(saml?.spAssertionUrl).toBe(connection?.idpSetup.acsUrl)
    const text = readFileSync(handoff, 'utf8')
    expect(text).toBe(first.json.handoff?.markdown)
    expect(text).toContain(`**Single sign-on URL** (ACS URL): \`${saml?.spAssertionUrl}\``)
    expect(text).toContain(`**Audience URI (SP Entity ID)** (SP entity id): \`${saml?.spEntityId}\``)
    expect(text).toContain(`**SCIM 2.0 Base URL** (SCIM base URL): \`${directory?.endpoint}\``)
    expect(text).toContain('guides/integrations/sso-integrations/okta-saml.mdx')
    // The name from the API is escaped: no link appears in the document.
    expect(text).toContain(String.raw`Saml \[Corp\]\(https\:\/\/evil\.example\)`)
    expect(text).not.toMatch(/magicLink|\]\(http/)
    const {rpc} = await emulator.stats()
    expect([rpc['OrganizationService/CreateOrganization'], rpc['OrganizationService/GeneratePortalLink']]).toEqual([
      1,
      undefined,
    ])

    const again = await runJson<OnboardJson>(args, {env: env()})
    expect(again.code).toBe(0)
    expect(statuses(again.json.steps)).toEqual({
      connection: 'exists',
      directory: 'exists',
      domains: 'exists',
      features: 'exists',
      handoff: 'created',
      organization: 'exists',
    })
    expect([again.json.organizationId, again.json.connection?.id, again.json.directory?.id]).toEqual([
      organizationId,
      connection?.id,
      directory?.id,
    ])
    const found = await inventory('onboard-saml')
    expect(found).toMatchObject({domains: ['saml-corp.com'], organizations: 1})
    expect(found.connections).toHaveLength(1)
    expect(found.directories).toHaveLength(1)
  })

  it('after a failure in the middle, the same command continues where it stopped and makes no duplicates', async () => {
    // The connection is created but its answer is lost: the worst case for a re-run.
    await emulator.admin('POST', '/_emulator/api-faults', {
      failAfterWrite: {code: 'internal', fraction: 1},
      methods: ['ConnectionService/CreateConnection'],
    })
    const args = ['onboard', '--name', 'Fault Co', '--external-id', 'onboard-fault', '--domain', 'fault-co.com']
    args.push('--sso', '--scim', '--provider', 'idp-simulator')
    const failed = await run(args, {env: env()})
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/✓ organization +created/)
    expect(failed.stderr).toMatch(/✗ connection +failed/)
    expect(failed.stderr).toMatch(/Error: the connection step failed/)
    expect(failed.stderr).toMatch(/Hint: .*run the same command again/)
    await emulator.admin('DELETE', '/_emulator/api-faults')

    const rerun = await runJson<OnboardJson>(args, {env: env()})
    expect(rerun.code).toBe(0)
    expect(statuses(rerun.json.steps)).toMatchObject({
      connection: 'exists',
      directory: 'created',
      domains: 'exists',
      features: 'exists',
      organization: 'exists',
    })
    // The simulator connection is enabled on the re-run, so SSO works.
    expect(rerun.json.connection).toMatchObject({enabled: true, type: 'OIDC'})
    const found = await inventory('onboard-fault')
    expect(found).toMatchObject({domains: ['fault-co.com'], organizations: 1})
    expect(found.connections).toHaveLength(1)
    expect(found.directories).toHaveLength(1)
  })

  it('configures OIDC with the client secret from standard input; the handoff gives the redirect URI', async () => {
    const secret = 'oidc-client-secret-0123456789'
    const {code, json, stderr} = await runJson<OnboardJson & {connection: {idpSetup: {redirectUri: string}}}>(
      [
        ...['onboard', '--name', 'Oidc Co', '--external-id', 'onboard-oidc', '--sso', '--provider', 'microsoft-ad'],
        ...['--type', 'oidc', '--issuer', 'https://login.microsoftonline.com/t/v2.0', '--client-id', 'app-1'],
        ...['--client-secret-stdin', '--enable-connection'],
      ],
      {env: env(), input: secret},
    )
    expect(code).toBe(0)
    expect(json.connection).toMatchObject({enabled: true, type: 'OIDC'})
    expect(json.handoff?.markdown).toContain(
      `**Redirect URI** (sign-in redirect URI): \`${json.connection.idpSetup.redirectUri}\``,
    )
    expect(json.handoff?.markdown).toContain('## Single sign-on with Microsoft Entra ID (OIDC)')
    expect(JSON.stringify(json) + stderr).not.toContain(secret)
  })

  it('in a script, a missing answer, a secret as a flag value and a bad --handoff are exit 2 before any call', async () => {
    const missing = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['onboard', '--name', 'No Id', '--sso'], {env: env()}),
    )
    expect(missing.code).toBe(2)
    expect(missing.json.error.message).toMatch(/--external-id is required/)
    expect(missing.json.error.hint).toMatch(/--external-id/)

    const oidc = ['--sso', '--provider', 'okta', '--type', 'oidc', '--issuer', 'https://acme.okta.com']
    const secret = await withoutCalls(emulator, () =>
      run(
        [
          'onboard',
          '--name',
          'S',
          '--external-id',
          's',
          ...oidc,
          '--client-id',
          'c',
          '--client-secret',
          'hunter2-s3cr3t',
        ],
        {
          env: env(),
        },
      ),
    )
    expect(secret.code).toBe(2)
    expect(secret.stderr).toMatch(/--client-secret does not take the secret as a value/)
    expect(secret.stdout + secret.stderr).not.toContain('hunter2-s3cr3t')

    const badPath = await withoutCalls(emulator, () =>
      run(['onboard', '--name', 'P', '--external-id', 'p', '--scim', '--handoff', join(tempDir(), 'no', 'h.md')], {
        env: env(),
      }),
    )
    expect(badPath.code).toBe(2)
    expect(badPath.stderr).toMatch(/Error: cannot write --handoff .*h\.md \(ENOENT\)/)
  })

  it('at a terminal it asks for what is missing, then sets it up', async () => {
    const {code, screen} = await runOnTerminal(['onboard'], env(), [
      {after: /Organization name/, type: 'Prompt Corp\r'},
      {after: /external id/, type: 'onboard-tty\r'},
      {after: /Email domains/, type: 'prompt-corp.com\r'},
      {after: /single sign-on \(SSO\)\?/, type: 'y\r'},
      {after: /provisioning \(SCIM\)\?/, type: 'y\r'},
      // Okta is the first IdP offered, SAML the first protocol, the admin portal the first answer to "who".
      {after: /identity provider/, type: '\r'},
      {after: /Protocol/, type: '\r'},
      {after: /Who configures SSO/, type: '\r'},
    ])
    expect(code).toBe(0)
    expect(screen).toMatch(/✓ connection +created/)
    expect(screen).toMatch(/Single sign-on with Okta \(SAML\)/)
    const found = await inventory('onboard-tty')
    expect(found.domains).toEqual(['prompt-corp.com'])
    expect(found.connections).toHaveLength(1)
    expect(found.directories).toHaveLength(1)

    // Ctrl-C at a question stops before anything is made, as an interruption.
    const stopped = await runOnTerminal(['onboard'], env(), [{after: /Organization name/, type: '\u0003'}])
    expect(stopped.code).toBe(130)
  })
})
