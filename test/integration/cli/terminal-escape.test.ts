import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'

import {BIN, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization} from '../../helpers/resources.js'
import {scimClient, scimUser} from '../../helpers/scim.js'
import {runOnTerminal} from '../../helpers/tty.js'

const emulator = useEmulator()
const env = () => emulator.env()
const TEST_ORG = 'org_10000000000000001'

/** Retitles the window (OSC 0) and forges a hyperlink (OSC 8) on a terminal that receives it raw. */
const EVIL = 'Eve\u001b]0;PWNED\u0007\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007'
/** How the human output shows it: every control character visible, nothing executed. */
const SHOWN = String.raw`Eve\u001b]0;PWNED\u0007\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007`
/** Any C0 control but newline, DEL, or a C1 control: what must not reach a terminal from data. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

function expectEscaped(output: string) {
  expect(output).toContain(SHOWN)
  expect(output).not.toMatch(CONTROL)
}

describe('remote data on a terminal', () => {
  it('orgs list, orgs get and users list show names with escape sequences escaped; --json keeps them exact', async () => {
    const org = await createOrganization(emulator, EVIL, 'evil-org')
    const created = await runJson<{id: string}>(
      ['users', 'create', '--org', org, '--email', 'eve@example.com', '--first-name', EVIL, '--last-name', 'X'],
      {env: env()},
    )
    expect(created.code).toBe(0)

    for (const args of [
      ['orgs', 'list'],
      ['orgs', 'get', org],
      ['users', 'list', '--org', org],
      ['users', 'list'],
    ]) {
      const human = await run(args, {env: env()})
      expect(human.code).toBe(0)
      expectEscaped(human.stdout)
      expect(human.stderr).not.toMatch(CONTROL)
    }

    const listed = await runJson<{organizations: Array<{displayName: string; id: string}>}>(['orgs', 'list'], {
      env: env(),
    })
    expect(listed.json.organizations.find((o) => o.id === org)?.displayName).toBe(EVIL)
    const shown = await runJson<{displayName: string}>(['orgs', 'get', org], {env: env()})
    expect(shown.json.displayName).toBe(EVIL)
    const users = await runJson<{users: Array<{userProfile: {givenName: string}}>}>(['users', 'list', '--org', org], {
      env: env(),
    })
    expect(users.json.users[0]?.userProfile.givenName).toBe(EVIL)
  })

  it('directories users escapes a SCIM givenName; --json keeps it exact', async () => {
    await createOrganization(emulator, 'Scim Escape Inc', 'scim-escape')
    const directory = await runJson<{id: string}>(['directories', 'create', '--org', 'scim-escape'], {env: env()})
    const issued = await runJson<{endpoint: string; token: string}>(
      ['directories', 'secret', '--org', 'scim-escape', directory.json.id],
      {env: env()},
    )
    const pushed = await scimClient(issued.json.endpoint, issued.json.token)(
      'POST',
      '/Users',
      scimUser('eve@example.com', {name: {familyName: 'Tester', givenName: EVIL}}),
    )
    expect(pushed.status).toBe(201)

    const human = await run(['directories', 'users', '--org', 'scim-escape', directory.json.id], {env: env()})
    expect(human.code).toBe(0)
    expectEscaped(human.stdout)
    const json = await runJson<{users: Array<{givenName: string}>}>(
      ['directories', 'users', '--org', 'scim-escape', directory.json.id],
      {env: env()},
    )
    expect(json.json.users[0]?.givenName).toBe(EVIL)
  })

  it('on a real terminal with colour on, our styling stays and the data is escaped (NO_COLOR unset)', async () => {
    await createOrganization(emulator, EVIL, 'evil-tty')
    const {NO_COLOR: _off, ...colour} = env()
    const {code, screen} = await runOnTerminal(['orgs', 'get', 'evil-tty'], colour, [])
    expect(code).toBe(0)
    expect(screen).toContain(SHOWN)
    // Our own colour (dim keys) is there, so colour really was on…
    expect(screen).toContain('\u001b[2m')
    // …and no operating-system command or bell from the data reached the terminal.
    expect(screen).not.toContain('\u001b]')
    expect(screen).not.toContain('\u0007')
  })

  it("sso test shows an IdP's error_description escaped", async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'sso', 'test', '--org', TEST_ORG, '--scenario', 'error', '--port', '0', '--no-browser'],
      {env: env(), stdio: 'pipe'},
    )
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const authorizeUrl = await new Promise<string>((resolve) => {
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d
        const url = /Open this URL to sign in[^\n]*\n(\S+)\n/.exec(stderr)?.[1]
        if (url) resolve(url)
      })
    })
    // The browser's part: the authorize redirect leads to the IdP simulator, whose error form answers with our text.
    const authorize = await fetch(authorizeUrl, {redirect: 'manual'})
    const simulator = new URL(authorize.headers.get('location') ?? '', authorizeUrl)
    const answer = await fetch(simulator, {
      body: new URLSearchParams({error: 'access_denied', error_description: EVIL, scenario: 'error'}),
      method: 'POST',
      redirect: 'manual',
    })
    await fetch(answer.headers.get('location') ?? '')

    expect(await exited).toBe(0)
    expect(stdout).toContain('the expected error arrived: access_denied')
    expectEscaped(stdout)
  })
})
