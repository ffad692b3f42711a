import {describe, expect, it} from 'vitest'

import {setConnectionEnabled} from '../../../src/api/connections.js'
import {createDirectory, issueDirectorySecret, setDirectoryEnabled} from '../../../src/api/directories.js'
import {run, runJson, start} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {cliApi, createOrganization, type ErrorJson, seededOrganizationId} from '../../helpers/resources.js'
import {scimClient, scimUser} from '../../helpers/scim.js'
import {runOnTerminal} from '../../helpers/tty.js'

const emulator = useEmulator()
const env = () => emulator.env()
const fast = ['--interval', '50ms']
// The state a wait waits for is changed from outside the waiting CLI, in-process through the same API seam the
// commands use: only the waiting command itself is spawned.
const api = () => cliApi(emulator)

async function seededConnection() {
  const org = await seededOrganizationId(emulator)
  const client = await emulator.sdk()
  return {id: (await client.connection.listConnections(org)).connections[0]!.id, org}
}

async function directoryWithSecret(externalId: string) {
  const org = await createOrganization(emulator, `${externalId} Inc`, externalId)
  const created = await createDirectory(api(), org, 'okta')
  const issued = await issueDirectorySecret(api(), created)
  return {directory: created.id, org, scim: scimClient(issued.endpoint, issued.token)}
}

describe('skctl connections wait', () => {
  it('waits while the connection is disabled and exits 0 once another process enables it', async () => {
    const {id, org} = await seededConnection()
    await setConnectionEnabled(api(), org, id, false)
    const waiting = start(['connections', 'wait', '--org', org, ...fast], env())
    // Without a terminal, each state is a line on stderr: once it is there, the command is polling.
    await waiting.stderrMatching(
      new RegExp(`no connection is both completed and enabled: ${id} \\(\\w+\\): completed, disabled`),
    )
    await setConnectionEnabled(api(), org, id, true)
    const {code, stderr, stdout} = await waiting.exited
    expect(code).toBe(0)
    expect(stderr).toMatch(new RegExp(`Ready after [\\d.]+s: connection ${id} \\(\\w+\\): completed, enabled`))
    expect(stdout).toMatch(new RegExp(`^connection\\s+${id}$`, 'm'))
    expect(stdout).toMatch(/^enabled\s+yes$/m)
  })

  it('--json: one document with the usable connection', async () => {
    const {id, org} = await seededConnection()
    const {code, json} = await runJson<{connection: {enabled: boolean; id: string; status: string}; ready: boolean}>(
      ['connections', 'wait', '--org', org, ...fast],
      {env: env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({connection: {enabled: true, id, status: 'COMPLETED'}, organizationId: org, ready: true})
  })

  it('times out with exit 6, saying what is missing and how to fix it', async () => {
    const org = await createOrganization(emulator, 'Never Connected', 'never-connected')
    const {code, stderr} = await run(
      ['connections', 'wait', '--org', 'never-connected', '--timeout', '300ms', ...fast],
      {
        env: env(),
      },
    )
    expect(code).toBe(6)
    expect(stderr).toMatch(
      new RegExp(`^Error: timed out after [\\d.]+s waiting for an SSO connection of ${org}: no connection yet$`, 'm'),
    )
    expect(stderr).toMatch(new RegExp(`^Hint: .*skctl portal link ${org}`, 'm'))

    const json = await runJson<ErrorJson>(['connections', 'wait', '--org', org, '--timeout', '200ms', ...fast], {
      env: env(),
    })
    expect(json.code).toBe(6)
    expect(json.json.error).toMatchObject({code: 'check_failed'})
  })

  it('Ctrl-C while waiting exits 130', async () => {
    const org = await createOrganization(emulator, 'Interrupted Wait')
    const waiting = start(['connections', 'wait', '--org', org, ...fast], env())
    await waiting.stderrMatching(/no connection yet/)
    waiting.child.kill('SIGINT')
    const {code, stderr} = await waiting.exited
    expect(code).toBe(130)
    expect(stderr).toContain('Interrupted.')
  })

  it('on a terminal: a spinner that shows the state, not a line per state', async () => {
    const org = await createOrganization(emulator, 'Terminal Wait')
    const {code, screen} = await runOnTerminal(
      ['connections', 'wait', '--org', org, '--timeout', '400ms', ...fast],
      env(),
      [],
    )
    expect(code).toBe(6)
    expect(screen).toContain(`Waiting for an SSO connection of ${org}: no connection yet`)
    expect(screen).toMatch(/✖ Timed out after [\d.]+s waiting for an SSO connection/)
    // The plain-output form (a timestamped line per state) is for logs, not terminals.
    expect(screen).not.toMatch(/^\d{4}-\d{2}-\d{2}T\S+ no connection yet/m)
  })

  it('an unknown organization is exit 4 before any waiting; a bad duration is exit 2', async () => {
    const missing = await runJson<ErrorJson>(['connections', 'wait', '--org', 'org_1234567890'], {env: env()})
    expect(missing.code).toBe(4)
    expect(missing.json.error.code).toBe('not_found')
    const bad = await run(['connections', 'wait', '--org', 'org_1234567890', '--timeout', 'soon'], {env: env()})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^Error: --timeout "soon" is not a duration/m)
  })
})

describe('skctl directories wait', () => {
  it('waits until the identity provider has pushed --min-users users', async () => {
    const {directory, org, scim} = await directoryWithSecret('scim-wait')
    const waiting = start(['directories', 'wait', '--org', 'scim-wait', '--min-users', '2', ...fast], env())
    await waiting.stderrMatching(new RegExp(`${directory}: enabled, 0 users`))
    expect((await scim('POST', '/Users', scimUser('amy@wait.example'))).status).toBe(201)
    await waiting.stderrMatching(new RegExp(`${directory}: enabled, 1 user$`, 'm'))
    expect((await scim('POST', '/Users', scimUser('ben@wait.example'))).status).toBe(201)
    const {code, stderr, stdout} = await waiting.exited
    expect(code).toBe(0)
    expect(stderr).toMatch(new RegExp(`Ready after [\\d.]+s: directory ${directory}: enabled, 2 users`))
    expect(stdout).toMatch(new RegExp(`^organization\\s+${org}$`, 'm'))
    expect(stdout).toMatch(/^users\s+2$/m)
  })

  it('a disabled directory times out (exit 6) with the enable command as the fix', async () => {
    const {directory, org, scim} = await directoryWithSecret('scim-off')
    expect((await scim('POST', '/Users', scimUser('cy@off.example'))).status).toBe(201)
    await setDirectoryEnabled(api(), org, directory, false)
    const {code, json} = await runJson<ErrorJson>(
      ['directories', 'wait', '--org', org, '--timeout', '300ms', ...fast],
      {env: env()},
    )
    expect(code).toBe(6)
    expect(json.error.message).toContain(`${directory}: disabled, 1 user`)
    expect(json.error.hint).toBe(`skctl directories enable --org ${org} ${directory}`)
  })

  it('an unknown organization is exit 4', async () => {
    const {code} = await run(['directories', 'wait', '--org', 'no-such-customer'], {env: env()})
    expect(code).toBe(4)
  })
})
