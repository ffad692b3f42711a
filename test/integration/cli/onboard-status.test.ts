import {readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {Api} from '../../../src/api/client.js'
import {createConnection, setConnectionEnabled} from '../../../src/api/connections.js'
import {createDirectory} from '../../../src/api/directories.js'
import {addDomain} from '../../../src/api/domains.js'
import {createOrganization, generatePortalLink, updateFeatures} from '../../../src/api/organizations.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {run, runJson, start} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import type {ErrorJson} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {runOnTerminal} from '../../helpers/tty.js'

const emulator = useEmulator()
const SEEDED = 'org_10000000000000001'
const EVIL_NAME = 'Evil \u001b]0;pwned\u0007 Corp'
const fast = ['--interval', '50ms']

interface Step {
  detail: string
  id: string
  next: string | null
  required: boolean
  status: string
  title: string
}
interface StatusJson {
  organizations: Array<{externalId?: string; id: string; name: string; ok: boolean; steps: Step[]}>
  totalSize: number
  truncated: boolean
}

// Setup goes through the API layer in-process: only what a user sees is run through the built CLI.
let api: Api
let evil: string
let directoryOnly: {directory: string; org: string}
beforeAll(async () => {
  api = new Api({clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, environmentUrl: emulator.url})
  await updateFeatures(api, SEEDED, [{enabled: true, name: 'sso'}])
  evil = (await createOrganization(api, {externalId: 'evil-1', name: EVIL_NAME})).id
  const org = (await createOrganization(api, {name: 'Directory Only'})).id
  directoryOnly = {directory: (await createDirectory(api, org, 'okta')).id, org}
})

const step = (steps: Step[], id: string) => steps.find((s) => s.id === id)

/** Runs the admin portal's Test connection on a connection, as the customer's IT admin would; its test_… id. */
async function portalTestRun(org: string, connectionId: string): Promise<string> {
  const {location} = await generatePortalLink(api, org)
  const opened = await fetch(location, {redirect: 'manual'})
  const cookie = opened.headers.get('set-cookie')?.split(';')[0] ?? ''
  const page = await (await fetch(`${location}/sso/${connectionId}`, {headers: {cookie}})).text()
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
  const tested = await fetch(`${location}/sso/${connectionId}/test`, {
    body: new URLSearchParams({csrf}),
    headers: {'content-type': 'application/x-www-form-urlencoded', cookie},
    method: 'POST',
  })
  const id = /Test request:\s*(?:<[^>]*>\s*)*(test_\d+)/.exec(await tested.text())?.[1]
  if (!id) throw new Error('the portal showed no test request')
  return id
}

describe('skctl onboard status', () => {
  it('an organization fully set up: ✓ rows and exit 0, its sso test recorded and shown; --json and --junit', async () => {
    const env = emulator.env({SKCTL_CONFIG_DIR: tempDir('skctl-config-')})
    const sso = await run(['sso', 'test', '--org', SEEDED, '--port', '0', '--simulate', 'email=jane@example.com'], {
      env,
    })
    expect(sso.code).toBe(0)
    const file = join(env.SKCTL_CONFIG_DIR as string, 'sso-tests.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const recorded = readFileSync(file, 'utf8')
    expect(JSON.parse(recorded).entries).toEqual([
      expect.objectContaining({environmentUrl: emulator.url, organizationId: SEEDED, result: 'passed'}),
    ])
    // Nothing secret: no token, no claim, not even who signed in.
    expect(recorded).not.toMatch(/eyJ|jane@example\.com|secret/)

    const human = await run(['onboard', 'status', SEEDED], {env})
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^✓\s+Connection enabled\s+conn_\w+ enabled/m)
    expect(human.stdout).toMatch(/^✓\s+SSO tested \(optional\)\s+sso test of conn_\w+ at \S+ passed/m)
    expect(human.stdout).toMatch(/^–\s+SCIM directory\s+SCIM is not in use/m)
    expect(human.stderr).toContain('Every required step is done.')

    const junit = join(tempDir(), 'onboard.xml')
    const {code, json} = await runJson<StatusJson>(['onboard', 'status', SEEDED, '--junit', junit], {env})
    expect(code).toBe(0)
    expect(json).toMatchObject({totalSize: 1, truncated: false})
    const [org] = json.organizations
    expect(org).toMatchObject({id: SEEDED, name: 'Test Organization', ok: true})
    expect(org!.steps.map((s) => s.id)).toEqual([
      'organization',
      'domains',
      'sso-feature',
      'connection-configured',
      'connection-enabled',
      'connection-tested',
      'scim-feature',
      'scim-directory',
      'scim-enabled',
      'scim-users',
      'group-roles',
      'users',
    ])
    for (const s of org!.steps) expect(Object.keys(s)).toEqual(['id', 'title', 'status', 'required', 'detail', 'next'])
    expect(step(org!.steps, 'connection-tested')).toMatchObject({required: false, status: 'done'})
    const xml = readFileSync(junit, 'utf8')
    expect(xml).toMatch(/<testsuite name="skctl onboard status" tests="12" failures="0"/)
  })

  it('an organization with steps missing: ✗ rows with the next command, exit 6, its name escaped; JUnit failures', async () => {
    const junit = join(tempDir(), 'onboard.xml')
    const {code, stdout, stderr} = await run(['onboard', 'status', 'evil-1', '--junit', junit], {env: emulator.env()})
    expect(code).toBe(6)
    expect(stdout).not.toContain('\u001b')
    expect(stdout).toContain('Evil \\u001b]0;pwned\\u0007 Corp')
    expect(stdout).toMatch(new RegExp(`^✗\\s+Domains\\s+.*skctl domains add --org ${evil} DOMAIN`, 'm'))
    expect(stdout).toMatch(new RegExp(`^✗\\s+SSO enabled\\s+.*skctl orgs settings ${evil} --enable sso`, 'm'))
    expect(stdout).toMatch(/^…\s+Connection enabled\s+waits for a configured connection/m)
    expect(stderr).toContain('4 required steps to go.')
    const xml = readFileSync(junit, 'utf8')
    expect(xml).toMatch(/<testsuite name="skctl onboard status" tests="12" failures="4"/)
    expect(xml).toContain(`<failure message="[domains] no organization domain`)
  })

  it('--all: one entry per organization, remote values exact in JSON, SCIM required with a directory, exit 6', async () => {
    const before = (await emulator.stats()).rpc
    const {code, json} = await runJson<StatusJson>(['onboard', 'status', '--all'], {env: emulator.env()})
    expect(code).toBe(6)
    // Linear in organizations: one walk over every connection, never a connection listing per organization.
    const after = (await emulator.stats()).rpc
    const calls = (rpc: string) => (after[rpc] ?? 0) - (before[rpc] ?? 0)
    expect(calls('ConnectionService/ListConnections')).toBe(0)
    expect(calls('ConnectionService/ListOrganizationConnections')).toBe(1)
    expect(calls('DirectoryService/ListDirectories')).toBe(json.organizations.length)
    const byId = new Map(json.organizations.map((o) => [o.id, o]))
    expect(byId.get(SEEDED)).toMatchObject({ok: true})
    expect(byId.get(evil)).toMatchObject({externalId: 'evil-1', name: EVIL_NAME, ok: false})
    expect(step(byId.get(evil)!.steps, 'domains')).toEqual({
      detail: 'no organization domain: no email address routes to its SSO',
      id: 'domains',
      next: `skctl domains add --org ${evil} DOMAIN`,
      required: true,
      status: 'missing',
      title: 'Domains',
    })
    expect(json.totalSize).toBe(json.organizations.length)
    // SCIM steps are required once a directory exists, even with dir_sync off.
    const scim = byId.get(directoryOnly.org)!.steps
    expect(step(scim, 'scim-feature')).toMatchObject({required: true, status: 'missing'})
    expect(step(scim, 'scim-directory')).toMatchObject({detail: `${directoryOnly.directory} (okta)`, status: 'done'})
    expect(step(scim, 'scim-users')).toMatchObject({
      next: `skctl directories wait --org ${directoryOnly.org}`,
      status: 'pending',
    })
  })

  it('an unknown organization is exit 4; neither ORG nor --all is exit 2', async () => {
    const missing = await runJson<ErrorJson>(['onboard', 'status', 'org_99999999999999999'], {env: emulator.env()})
    expect(missing.code).toBe(4)
    expect(missing.json.error.code).toBe('not_found')
    const usage = await run(['onboard', 'status'], {env: emulator.env()})
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^Error: name an organization or pass --all/m)
  })

  it('--watch: exit 6 when --timeout passes, with the checklist as it stood', async () => {
    const {code, stdout, stderr} = await run(['onboard', 'status', evil, '--watch', '--timeout', '300ms', ...fast], {
      env: emulator.env(),
    })
    expect(code).toBe(6)
    expect(stderr).toMatch(/Timed out after [\d.]+s: 1\/5 steps done; next: Domains/)
    expect(stdout).toMatch(/^✗\s+Domains/m)
  })

  it('--watch on a terminal: a spinner, no line per state, and a checklist that fits the width', async () => {
    const args = ['onboard', 'status', evil, '--watch', '--timeout', '400ms', ...fast]
    const {code, screen} = await runOnTerminal(args, emulator.env(), [], {cols: 100})
    expect(code).toBe(6)
    expect(screen).toContain('Watching: 1/5 steps done; next: Domains')
    expect(screen).toMatch(/✖ Timed out after [\d.]+s/)
    expect(screen).not.toMatch(/^\d{4}-\d{2}-\d{2}T\S+ 1\/5 steps done/m)
    // eslint-disable-next-line no-control-regex -- the terminal's own control sequences are what is removed
    const plain = screen.replace(/\u001b\[[\d;?]*[A-Za-z]/g, '')
    const lines = plain.slice(plain.indexOf('STEP')).split(/\r?\n/)
    expect(lines.some((l) => /^✗\s+Domains/.test(l))).toBe(true)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100)
  })

  it('--watch: Ctrl-C exits 130', async () => {
    const watching = start(['onboard', 'status', evil, '--watch', ...fast], emulator.env())
    await watching.stderrMatching(/steps done; next: Domains/)
    watching.child.kill('SIGINT')
    const {code, stderr} = await watching.exited
    expect(code).toBe(130)
    expect(stderr).toContain('Interrupted.')
  })

  it('--watch: exit 0 once the missing step is done while it watches', async () => {
    const org = (await createOrganization(api, {name: 'Almost There'})).id
    await updateFeatures(api, org, [{enabled: true, name: 'sso'}])
    await addDomain(api, org, 'almost-there.example', 'organization')
    const connection = await createConnection(api, org, {
      changes: {},
      enable: false,
      provider: 'idp-simulator',
      type: 'OIDC',
    })
    const watching = start(['onboard', 'status', org, '--watch', '--timeout', '2m', ...fast], emulator.env())
    await watching.stderrMatching(/4\/5 steps done; next: Connection enabled/)
    await setConnectionEnabled(api, org, connection.id, true)
    const {code, stderr, stdout} = await watching.exited
    expect(code).toBe(0)
    expect(stderr).toMatch(/Done after [\d.]+s\./)
    expect(stdout).toMatch(new RegExp(`^✓\\s+Connection enabled\\s+${connection.id} enabled`, 'm'))
  })

  it('--test-request: a Test connection run of the admin portal counts as the last SSO test, and is recorded', async () => {
    const org = (await createOrganization(api, {name: 'Portal Tested'})).id
    const connection = await createConnection(api, org, {
      changes: {oidc: {clientId: 'portal-client', clientSecret: 'not-shown', issuer: emulator.url}},
      enable: true,
      provider: 'okta',
      type: 'OIDC',
    })
    const testRequest = await portalTestRun(org, connection.id)
    const env = emulator.env({SKCTL_CONFIG_DIR: tempDir('skctl-config-')})
    const {code, json} = await runJson<StatusJson>(['onboard', 'status', org, '--test-request', testRequest], {env})
    expect(code).toBe(6) // no domain, sso off: only the test is in question here
    expect(step(json.organizations[0]!.steps, 'connection-tested')).toMatchObject({
      detail: expect.stringMatching(new RegExp(`^portal test of ${connection.id} at \\S+ passed$`)),
      status: 'done',
    })
    const recorded = JSON.parse(readFileSync(join(env.SKCTL_CONFIG_DIR as string, 'sso-tests.json'), 'utf8'))
    expect(recorded.entries).toEqual([
      expect.objectContaining({
        organizationId: org,
        result: 'passed',
        source: 'portal test',
        testRequestId: testRequest,
      }),
    ])
  })
})
