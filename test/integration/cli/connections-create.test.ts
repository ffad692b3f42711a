import {writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {create as protoCreate} from '@bufbuild/protobuf'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {makeCertificate, type TestCertificate} from '../../helpers/certificates.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {idpMetadata} from '../../helpers/saml-metadata.js'
import {emulatorSdk, newOrganization} from '../../helpers/sdk-fixtures.js'
import {tempDir} from '../../helpers/tmp.js'
import {runOnTerminal} from '../../helpers/tty.js'
import {failure} from '../emulator/support.js'

const emulator = useEmulator()
const env = () => emulator.env()

interface Finding {
  ask: string
  element: string
  message: string
  rule: string
  severity: string
}
interface Details {
  attributeMapping: Record<string, string>
  enabled: boolean
  id: string
  idpSetup: {
    acsUrl?: string
    attributeMapping: Record<string, string>
    attributeMappingSource: string
    redirectUri?: string
    spEntityId?: string
    spMetadataUrl?: string
  }
  oidcConfig?: Record<string, unknown>
  organizationId: string
  provider: string
  samlConfig?: Record<string, unknown> & {idpCertificates?: Array<{certificate: string; expiryTime?: string}>}
  status: string
  type: string
  warnings: Finding[]
}

let valid: TestCertificate
let metadataServer: Server
let metadataUrl: string
beforeAll(async () => {
  valid = makeCertificate({days: 365})
  // The customer's IdP, publishing its metadata on this machine.
  metadataServer = createServer((req, res) => {
    if (req.url === '/metadata')
      res.writeHead(200, {'content-type': 'application/xml'}).end(idpMetadata({certificates: [valid.base64]}))
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve))
  metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`
})
afterAll(async () => {
  await new Promise((resolve) => metadataServer?.close(resolve))
})

function file(name: string, text: string): string {
  const path = join(tempDir(), name)
  writeFileSync(path, text)
  return path
}

const create = (org: string, ...args: string[]) => ['connections', 'create', '--org', org, ...args]
/** An OIDC connection to Okta with this client id (the secret is up to the test). */
const createOkta = (org: string, clientId: string) =>
  create(org, '--type', 'oidc', '--provider', 'okta', '--issuer', 'https://acme.okta.com', '--client-id', clientId)

describe('skctl connections create', () => {
  it('creates a SAML connection from a metadata file, shows what the IdP needs, and get reads the same', async () => {
    const org = await newOrganization(emulator, 'Metadata File Co')
    const metadata = file('okta.xml', idpMetadata({certificates: [valid.base64]}))
    const {code, json} = await runJson<Details>(
      create(
        org,
        '--type',
        'saml',
        '--provider',
        'okta',
        '--metadata-file',
        metadata,
        '--attribute',
        'email=user.mail',
      ),
      {env: env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({
      organizationId: org,
      type: 'SAML',
      provider: 'OKTA',
      status: 'COMPLETED',
      enabled: false,
      warnings: [],
      attributeMapping: {email: 'user.mail'},
    })
    expect(json.samlConfig).toMatchObject({
      idpEntityId: 'http://www.okta.com/exk1fake',
      idpSsoUrl: 'https://acme.okta.com/app/acme/sso/saml',
      idpSsoRequestBinding: 'HTTP_REDIRECT',
    })
    expect(json.samlConfig?.idpCertificates?.[0]?.certificate).toBe(valid.pem)
    const sp = `${emulator.url}/sso/v1/saml/${json.id}`
    expect(json.idpSetup).toEqual({
      spEntityId: sp,
      acsUrl: `${sp}/callback`,
      spMetadataUrl: `${sp}/metadata`,
      attributeMapping: {email: 'user.mail'},
      attributeMappingSource: 'connection',
    })

    const got = await runJson<Details>(['connections', 'get', '--org', org, json.id], {env: env()})
    expect(got.json.idpSetup).toEqual(json.idpSetup)
    const table = await run(['connections', 'get', '--org', org, json.id], {env: env()})
    expect(table.stdout).toMatch(new RegExp(`^acs url\\s+${sp}/callback$`, 'm'))
    expect(table.stdout).toMatch(/^saml idp sso binding\s+http redirect$/m)
    expect(table.stdout).toMatch(/^saml idp certificate expires\s+\d{4}-\d\d-\d\d$/m)
    expect(table.stderr).toBe('')
  })

  it('creates a SAML connection from a metadata URL and keeps the URL', async () => {
    const org = await newOrganization(emulator, 'Metadata URL Co')
    const {code, json} = await runJson<Details>(
      create(org, '--type', 'saml', '--provider', 'microsoft-ad', '--metadata-url', metadataUrl),
      {env: env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({provider: 'MICROSOFT_AD', status: 'COMPLETED'})
    expect(json.samlConfig).toMatchObject({idpMetadataUrl: metadataUrl, idpEntityId: 'http://www.okta.com/exk1fake'})
  })

  it('creates a SAML connection from values entered by hand, printing warnings and proceeding', async () => {
    const org = await newOrganization(emulator, 'By Hand Co')
    const expiring = file('idp.pem', makeCertificate({days: 5}).pem)
    const args = ['--type', 'saml', '--provider', 'jumpcloud', '--entity-id', 'urn:jumpcloud', '--sso-url']
    const result = await run(create(org, ...args, 'https://sso.jumpcloud.com/saml2/acme', '--certificate', expiring), {
      env: env(),
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /^Warning: IdP signing certificate: the signing certificate \(CN=idp\.example\) expires on \d{4}-\d\d-\d\d, in 5 days — ask the customer's IT admin to plan/m,
    )
    const json = await runJson<Details>(
      create(org, ...args, 'https://sso.jumpcloud.com/saml2/acme', '--certificate', expiring),
      {env: env()},
    )
    expect(json.json.warnings.map((w) => w.rule)).toEqual(['certificate-expiring'])
  })

  it('creates an OIDC connection with the client secret from stdin, and never shows the secret', async () => {
    const org = await newOrganization(emulator, 'OIDC Stdin Co')
    const secret = 'oidc-client-secret-value-123'
    const args = create(
      org,
      '--type',
      'oidc',
      '--provider',
      'ping-identity',
      '--issuer',
      'https://auth.pingone.com/env',
    )
    const {code, json} = await runJson<Details>([...args, '--client-id', 'ping-client', '--client-secret-stdin'], {
      env: env(),
      input: `${secret}\n`,
    })
    expect(code).toBe(0)
    expect(json).toMatchObject({type: 'OIDC', provider: 'PING_IDENTITY', status: 'COMPLETED'})
    expect(json.oidcConfig).toMatchObject({issuer: 'https://auth.pingone.com/env', clientId: 'ping-client'})
    expect(json.idpSetup.redirectUri).toBe(`${emulator.url}/sso/v1/oidc/${json.id}/callback`)
    const table = await run(['connections', 'get', '--org', org, json.id], {env: env()})
    expect(table.stdout + JSON.stringify(json)).not.toContain(secret)
    expect(table.stdout).toMatch(/^oidc client secret\s+\*+$/m)

    // Without a terminal the secret must come on stdin: exit 2 naming the flag, nothing created.
    const missing = await withoutCalls(emulator, () =>
      runJson<ErrorJson>([...args, '--client-id', 'ping-client'], {env: env()}),
    )
    expect(missing.code).toBe(2)
    expect(missing.json.error).toMatchObject({
      message: 'the OIDC client secret is required',
      hint: 'pass it on standard input with --client-secret-stdin',
    })
  })

  it('asks for the client secret on a terminal without echoing it', async () => {
    const org = await newOrganization(emulator, 'OIDC Prompt Co')
    const secret = 'typed-secret-value-789'
    const args = createOkta(org, 'c')
    const {code, screen} = await runOnTerminal(args, env(), [{after: /OIDC client secret/, type: `${secret}\r`}])
    expect(code).toBe(0)
    expect(screen).not.toContain(secret)
    expect(screen).toMatch(/^oidc client secret\s+\*+\r?$/m)
  })

  it('refuses a secret passed as a flag value, without repeating it (exit 2, no call)', async () => {
    const org = await newOrganization(emulator, 'Secret Flag Co')
    const secret = 'do-not-echo-this-secret'
    const args = create(org, '--type', 'oidc', '--provider', 'okta', '--issuer', 'https://acme.okta.com')
    const result = await withoutCalls(emulator, () =>
      run([...args, '--client-id', 'x', `--client-secret=${secret}`], {env: env()}),
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--client-secret does not take the secret as a value')
    expect(result.stdout + result.stderr).not.toContain(secret)
  })

  it('stops on SAML errors before any call: expired certificate, http sign-in URL, malformed XML, XXE', async () => {
    const org = await newOrganization(emulator, 'Bad Metadata Co')
    const expired = makeCertificate({days: -1})
    const saml = (...args: string[]) => create(org, '--type', 'saml', '--provider', 'okta', ...args)
    const cases: Array<[string, string, RegExp]> = [
      [
        'expired.xml',
        idpMetadata({certificates: [expired.base64], ssoUrl: 'http://acme.okta.com/sso'}),
        /2 problems; nothing was sent:\n {2}md:KeyDescriptor\[use=signing\]\/ds:X509Certificate: the signing certificate \(CN=idp\.example\) expired on .* — ask the customer's IT admin to rotate .*\n {2}md:SingleSignOnService: the single sign-on URL http:\/\/acme\.okta\.com\/sso is not an https URL — ask for the IdP's https single sign-on URL/,
      ],
      [
        'broken.xml',
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">',
        /document: the metadata is not well-formed XML/,
      ],
      [
        'xxe.xml',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>',
        /<!DOCTYPE>: the metadata declares a DOCTYPE/,
      ],
    ]
    for (const [name, xml, message] of cases) {
      const result = await withoutCalls(emulator, () => run(saml('--metadata-file', file(name, xml)), {env: env()}))
      expect(result.code, name).toBe(2)
      expect(result.stderr, name).toMatch(message)
      expect(result.stderr).not.toContain('root:')
    }
    expect((await emulatorSdk(emulator).connection.listConnections(org)).connections).toEqual([])
  })

  it('leaves nothing behind when the API refuses the configuration of a new connection', async () => {
    const org = await newOrganization(emulator, 'Refused Config Co')
    const metadata = file('okta.xml', idpMetadata({certificates: [valid.base64]}))
    await emulator.admin('POST', '/_emulator/api-faults', {
      fail: {fraction: 1, code: 'internal'},
      methods: ['ConnectionService/UpdateConnection'],
    })
    try {
      const failed = await runJson<ErrorJson>(
        create(org, '--type', 'saml', '--provider', 'okta', '--metadata-file', metadata),
        {env: env()},
      )
      expect(failed.code).toBe(1)
    } finally {
      await emulator.admin('DELETE', '/_emulator/api-faults')
    }
    expect((await emulatorSdk(emulator).connection.listConnections(org)).connections).toEqual([])
  })

  it('answers usage errors with exit 2 and an unknown organization with exit 4', async () => {
    const org = await newOrganization(emulator, 'Usage Co')
    const usage: string[][] = [
      create(org, '--type', 'saml', '--provider', 'nosuchidp'),
      create(org, '--provider', 'okta'),
      ['connections', 'create', '--type', 'saml', '--provider', 'okta'],
      create(org, '--type', 'saml', '--provider', 'okta', '--entity-id', 'urn:x'),
      create(org, '--type', 'oidc', '--provider', 'okta', '--metadata-url', metadataUrl),
      create(org, '--type', 'oidc', '--provider', 'okta', '--client-id', 'only'),
      create(org, '--provider', 'idp-simulator', '--issuer', 'https://x.example'),
    ]
    for (const args of usage) {
      const result = await withoutCalls(emulator, () => runJson<ErrorJson>(args, {env: env()}))
      expect(result.code, args.join(' ')).toBe(2)
    }
    const unknown = await runJson<ErrorJson>(create('org_12345678901234567', '--type', 'saml', '--provider', 'okta'), {
      env: env(),
    })
    expect(unknown.code).toBe(4)
    expect(unknown.json.error.message).toBe('organization org_12345678901234567 not found')
  })
})

describe('skctl connections update and delete', () => {
  it('updates settings and keeps the rest, including the stored secret', async () => {
    const org = await newOrganization(emulator, 'Update Co')
    const created = await runJson<Details>([...createOkta(org, 'a'), '--client-secret-stdin'], {
      env: env(),
      input: 'first-secret-value',
    })
    const {id} = created.json
    const updated = await runJson<Details>(
      ['connections', 'update', '--org', org, id, '--client-id', 'b', '--button-title', 'Acme SSO'],
      {
        env: env(),
      },
    )
    expect(updated.code).toBe(0)
    expect(updated.json.oidcConfig).toMatchObject({
      issuer: 'https://acme.okta.com',
      clientId: 'b',
      clientSecret: '****',
    })
    expect(updated.json.status).toBe('COMPLETED')

    const saml = await runJson<ErrorJson>(['connections', 'update', '--org', org, id, '--metadata-url', metadataUrl], {
      env: env(),
    })
    expect(saml.code).toBe(2)
    const nothing = await runJson<ErrorJson>(['connections', 'update', '--org', org, id], {env: env()})
    expect(nothing.code).toBe(2)
    expect(nothing.json.error.message).toBe('nothing to change')
  })

  it('deletes with --yes; without a terminal and without --yes it exits 2 naming --yes', async () => {
    const org = await newOrganization(emulator, 'Delete Co')
    const {connection: json} = await emulatorSdk(emulator).connection.createConnection(
      org,
      protoCreate(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.SAML}),
    )
    if (!json) throw new Error('the emulator answered without a connection')
    const refused = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['connections', 'delete', '--org', org, json.id], {env: env()}),
    )
    expect(refused.code).toBe(2)
    expect(refused.json.error.hint).toBe('pass --yes to confirm')
    const deleted = await runJson(['connections', 'delete', '--org', org, json.id, '--yes'], {env: env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, id: json.id, organizationId: org}})
    const gone = await failure(emulatorSdk(emulator).connection.getConnection(org, json.id))
    expect(gone.name).toBe('ScalekitNotFoundException')
  })
})

describe('an IdP-simulator connection made with the CLI', () => {
  it('passes skctl sso test once created with --enable', async () => {
    const org = await newOrganization(emulator, 'Simulated Co')
    await emulatorSdk(emulator).organization.updateOrganizationSettings(org, {features: [{enabled: true, name: 'sso'}]})
    const {code, json} = await runJson<Details>(create(org, '--provider', 'idp-simulator', '--enable'), {env: env()})
    expect(code).toBe(0)
    expect(json).toMatchObject({type: 'OIDC', provider: 'IDP_SIMULATOR', status: 'COMPLETED', enabled: true})
    expect(json.idpSetup).toEqual({
      attributeMapping: {email: 'email', family_name: 'family_name', given_name: 'given_name'},
      attributeMappingSource: 'default',
    })
    const sso = await runJson<{ok: boolean}>(
      ['sso', 'test', '--org', org, '--port', '0', '--simulate', 'email=jane@simulated.example,first_name=Jane'],
      {env: env()},
    )
    expect(sso.code).toBe(0)
    expect(sso.json.ok).toBe(true)
  })
})
