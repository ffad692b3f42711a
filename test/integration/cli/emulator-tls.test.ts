import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {rootCertificates} from 'node:tls'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'

import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulatorSandboxes} from '../../helpers/emulator.js'

// One data directory for the file: the local CA is made once and reused, as on a developer's machine.
const dataDir = mkdtempSync(join(tmpdir(), 'skctl-data-'))
afterAll(() => rmSync(dataDir, {force: true, recursive: true}))
const caFile = join(dataDir, 'tls', 'ca.pem')
const env = (extra: NodeJS.ProcessEnv = {}) => cleanEnv({SKCTL_DATA_DIR: dataDir, ...extra})
const sandbox = useEmulatorSandboxes()

const GRPCIO_APP = fileURLToPath(new URL('../emulator/fixtures/grpcio-list-organizations.py', import.meta.url))
// The real Node SDK in an app's own process, trusting the CA only through NODE_EXTRA_CA_CERTS.
const NODE_APP = `
import {ScalekitClient} from '@scalekit-sdk/node'
const {SCALEKIT_ENVIRONMENT_URL: url, SCALEKIT_CLIENT_ID: id, SCALEKIT_CLIENT_SECRET: secret} = process.env
const sk = new ScalekitClient(url, id, secret)
const created = await sk.organization.createOrganization('Over TLS', {externalId: 'tls-1'})
const {organizations} = await sk.organization.listOrganization({pageSize: 10})
console.log(JSON.stringify({url, created: created.organization?.id, names: organizations.map((o) => o.displayName)}))
`

describe('the emulator over TLS', () => {
  it('serves the real Node SDK over https, trusted through NODE_EXTRA_CA_CERTS (emulator exec --tls)', async () => {
    const {code, stderr, stdout} = await run(
      ['emulator', 'exec', '--tls', '--', process.execPath, '--input-type=module', '-e', NODE_APP],
      {env: env()},
    )
    expect({code, stderr}).toEqual({code: 0, stderr: ''})
    const answer = JSON.parse(stdout) as {created: string; names: string[]; url: string}
    expect(answer.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(answer.created).toMatch(/^org_/)
    expect(answer.names).toEqual(['Over TLS', 'Test Organization']) // newest first
    for (const file of ['ca.pem', 'ca-key.pem', 'ca-bundle.pem', 'localhost.pem', 'localhost-key.pem']) {
      expect(statSync(join(dataDir, 'tls', file)).mode & 0o777).toBe(0o600)
    }
  })

  it('serves grpcio over TLS: a channel trusting the CA lists organizations with a bearer token', async () => {
    const ca = readFileSync(caFile, 'utf8')
    const {code, stderr, stdout} = await run(['emulator', 'exec', '--tls', '--', '/usr/bin/python3', GRPCIO_APP], {
      env: env(),
    })
    expect({code, stderr}).toEqual({code: 0, stderr: ''})
    // A ListOrganizationsResponse holding the seeded organization, as protobuf bytes.
    const answer = Buffer.from(stdout, 'hex').toString('latin1')
    expect(answer).toContain('org_10000000000000001')
    expect(answer).toContain('Test Organization')
    // The CA was made once and kept.
    expect(readFileSync(caFile, 'utf8')).toBe(ca)
  })

  it('emulator start --tls saves an https profile that skctl itself trusts without NODE_EXTRA_CA_CERTS', async () => {
    const home = sandbox()
    const {code, json} = await runJson<{url: string; tls: {caFile: string; trust: Record<string, string>}}>(
      ['emulator', 'start', '--tls', '--detach', '--port', '0'],
      {env: {...home, SKCTL_DATA_DIR: dataDir}},
    )
    expect(code).toBe(0)
    expect(json.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(json.tls).toEqual({
      caFile,
      bundleFile: join(dataDir, 'tls', 'ca-bundle.pem'),
      trust: {
        NODE_EXTRA_CA_CERTS: caFile,
        GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: join(dataDir, 'tls', 'ca-bundle.pem'),
        SSL_CERT_FILE: join(dataDir, 'tls', 'ca-bundle.pem'),
        REQUESTS_CA_BUNDLE: join(dataDir, 'tls', 'ca-bundle.pem'),
      },
    })
    // skctl trusts its own CA for its own emulator: no NODE_EXTRA_CA_CERTS needed, for the admin client and the SDK.
    // (The machine's own NODE_EXTRA_CA_CERTS, if any, is left out here; one the user set is tested below.)
    const {NODE_EXTRA_CA_CERTS: _, ...withoutExtraCa} = home
    const ownData = {...withoutExtraCa, SKCTL_DATA_DIR: dataDir}
    const trigger = await run(['emulator', 'trigger', 'organization.created'], {env: ownData})
    expect({code: trigger.code, stderr: trigger.stderr}).toMatchObject({
      code: 0,
      stderr: expect.not.stringContaining('Error'),
    })
    const status = await runJson<{url: string}>(['emulator', 'status'], {env: ownData})
    expect({code: status.code, url: status.json.url}).toEqual({code: 0, url: json.url})
    const orgs = await runJson<{organizations: Array<{id: string}>}>(['orgs', 'list'], {env: ownData})
    expect(orgs.code).toBe(0)
    expect(orgs.json.organizations.map((o) => o.id)).toContain('org_10000000000000001')
    // Logging in to that URL trusts the CA too (it was the one command that did not).
    const login = await run(
      ['login', '--profile', 'tls', '--environment-url', json.url, '--client-id', DEFAULT_CLIENT_ID],
      {env: {...ownData, SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET}},
    )
    expect({code: login.code, stdout: login.stdout}).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Logged in to ${json.url} (local)`),
    })
    // NODE_EXTRA_CA_CERTS names one file: one the user set to their own CAs is kept, with skctl's CA beside it.
    const otherCa = join(dataDir, 'other-ca.pem')
    writeFileSync(otherCa, `${rootCertificates[0]}\n`)
    const withTheirs = await runJson<{organizations: unknown[]}>(['orgs', 'list'], {
      env: {...ownData, NODE_EXTRA_CA_CERTS: otherCa},
    })
    expect(withTheirs.code).toBe(0)
    expect(readFileSync(join(dataDir, 'tls', 'node-extra-ca.pem'), 'utf8')).toBe(
      `${rootCertificates[0]}\n${readFileSync(caFile, 'utf8')}`,
    )
    // One that cannot be read is not replaced: the error says what to do.
    const missing = join(dataDir, 'missing-ca.pem')
    const untrustedApi = await run(['orgs', 'list'], {env: {...ownData, NODE_EXTRA_CA_CERTS: missing}})
    expect(untrustedApi.code).toBe(1)
    expect(untrustedApi.stderr).toContain(`Error: cannot reach ${json.url} (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`)
    expect(untrustedApi.stderr).toContain('Hint: for an emulator started with --tls: export NODE_EXTRA_CA_CERTS=')
  })
})
