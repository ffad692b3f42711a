import {createInterface} from 'node:readline'
import {ScalekitClient} from '@scalekit-sdk/node'
import {beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {run, runJson, start} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import type {ErrorJson} from '../../helpers/resources.js'
import {callbackFromSimulator} from '../../helpers/sso.js'

const emulator = useEmulator()
const CALLBACK = 'http://127.0.0.1:53682/callback'
let sdk: ScalekitClient
let organizationId: string

interface AuthLog {
  authRequestId: string
  email: string
  organizationId: string
  status: string
}

/** A login through the IdP simulator, as a browser would do it; the SDK exchanges the code when it succeeds. */
async function logIn(email: string, scenario: 'error' | 'sp'): Promise<void> {
  const url = sdk.getAuthorizationUrl(CALLBACK, {organizationId, loginHint: email})
  const fields: Record<string, string> =
    scenario === 'error' ? {email, error: 'access_denied', scenario} : {email, scenario}
  const callback = new URL(await callbackFromSimulator(url, fields))
  if (scenario === 'sp') await sdk.authenticateWithCode(callback.searchParams.get('code')!, CALLBACK)
}

/** Lines of a following command's stdout as they come; `next(pattern)` resolves with the first line matching. */
function stdoutLines(child: ReturnType<typeof start>['child']) {
  const lines = createInterface({input: child.stdout!})
  const seen: string[] = []
  const waiters: Array<{pattern: RegExp; resolve: (line: string) => void}> = []
  lines.on('line', (line) => {
    seen.push(line)
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(line)
    }
  })
  const next = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const found = seen.find((line) => pattern.test(line))
      if (found) resolve(found)
      else waiters.push({pattern, resolve})
    })
  return {next, seen}
}

beforeAll(async () => {
  sdk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
  organizationId = (await sdk.organization.listOrganization()).organizations[0]!.id
  await logIn('jane@acme.example', 'error')
  await logIn('ada@acme.example', 'sp')
  // An email is remote data: a control character in it must not reach the terminal as one.
  await logIn('es\u001b[31mc@acme.example', 'error')
})

describe('skctl logs auth', () => {
  it('answers "why did Jane\'s login fail?" with filters, in JSON and as an escaped table', async () => {
    const {code, json} = await runJson<{authRequests: AuthLog[]; totalSize: number; truncated: boolean}>(
      ['logs', 'auth', '--email', 'JANE@acme.example', '--status', 'failed', '--since', '1h', '--org', organizationId],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(json.authRequests.map(({email, status}) => `${email} ${status}`)).toEqual(['jane@acme.example FAILED'])
    expect(json.authRequests[0]!.authRequestId).toMatch(/^authreq_/)
    expect(json.truncated).toBe(false)

    const table = await run(['logs', 'auth'], {env: emulator.env()})
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^TIME\s+STATUS\s+EMAIL\s+ORGANIZATION\s+CONNECTION\s+REQUEST/m)
    expect(table.stdout).toMatch(/SUCCESS\s+ada@acme\.example/)
    expect(table.stdout).toContain('es\\u001b[31mc@acme.example')
    expect(table.stdout).not.toContain('\u001b')
  })

  it('follows: prints a new failed login once, as a JSON line, and Ctrl-C exits 130', async () => {
    const follower = start(['logs', 'auth', '--follow', '--status', 'failed', '--json'], emulator.env())
    const out = stdoutLines(follower.child)
    // The recent history comes first, oldest first, one JSON document per line.
    expect(JSON.parse(await out.next(/jane@acme\.example/))).toMatchObject({status: 'FAILED'})
    await logIn('late@acme.example', 'error')
    expect(JSON.parse(await out.next(/late@acme\.example/))).toMatchObject({status: 'FAILED', organizationId})
    follower.child.kill('SIGINT')
    const {code} = await follower.exited
    expect(code).toBe(130)
    expect(out.seen.filter((line) => line.includes('late@acme.example'))).toHaveLength(1)
    expect(out.seen.filter((line) => line.includes('ada@acme.example'))).toEqual([])
  })

  it('a bad --since exits 2 before any call', async () => {
    const {code, json} = await runJson<ErrorJson>(['logs', 'auth', '--since', 'yesterday-ish'], {env: emulator.env()})
    expect(code).toBe(2)
    expect(json.error).toMatchObject({code: 'invalid_input', message: expect.stringMatching(/--since "yesterday-ish"/)})
  })
})

describe('skctl events list', () => {
  it('lists a created organization by type, and follows new events until Ctrl-C', async () => {
    const created = (await sdk.organization.createOrganization('Evented Co')).organization!.id
    const {code, json} = await runJson<{events: Array<{organizationId: string; type: string}>}>(
      ['events', 'list', '--type', 'organization.created', '--since', '10m'],
      {env: emulator.env()},
    )
    expect(code).toBe(0)
    expect(json.events[0]).toMatchObject({type: 'organization.created', organizationId: created})

    const follower = start(['events', 'list', '--follow', '--type', 'organization.created'], emulator.env())
    await follower.stderrMatching(/Ctrl-C to stop/)
    const out = stdoutLines(follower.child)
    await out.next(new RegExp(created))
    const next = (await sdk.organization.createOrganization('Later Co')).organization!.id
    expect(await out.next(new RegExp(next))).toMatch(/^\S+Z {2}organization\.created {2}org_\d+ {2}evt_\d+$/)
    follower.child.kill('SIGINT')
    expect((await follower.exited).code).toBe(130)
    expect(out.seen.filter((line) => line.includes(next))).toHaveLength(1)
  })
})
