import {writeFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {create as protoCreate} from '@bufbuild/protobuf'
import {
  CreateDirectorySchema,
  DirectoryProvider,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {describe, expect, it} from 'vitest'

import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {ERROR_SCHEMA, scimClient} from '../../helpers/scim.js'
import {emulatorSdk, newOrganization} from '../../helpers/sdk-fixtures.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
const env = () => emulator.env()
const sdk = () => emulatorSdk(emulator)

interface Action {
  type: 'group' | 'user'
  name: string
  action: string
  id?: string
  at?: string
  detail?: string
  error?: {detail: string; scimType?: string; status: number}
}
interface ViewUser {
  id: string
  userName: string
  email?: string
  givenName?: string
  active?: boolean
  groups: string[]
}
interface PushResult {
  endpoint: string
  dryRun: boolean
  secret?: {issued: boolean; replaced: boolean}
  counts: Record<string, number>
  actions: Action[]
  directory: {source: string; users: ViewUser[]; groups: Array<{displayName: string; totalUsers: number}>}
}

/** A SCIM directory made in-process (the directories commands have their own tests). */
async function createDirectory(org: string, directoryProvider = DirectoryProvider.OKTA) {
  const request = protoCreate(CreateDirectorySchema, {directoryProvider, directoryType: DirectoryType.SCIM})
  const {directory} = await sdk().directory.createDirectory(org, request)
  if (!directory) throw new Error('the emulator answered without a directory')
  return directory
}

async function newDirectory(externalId: string) {
  const org = await newOrganization(emulator, `${externalId} Inc`, externalId)
  const {directoryEndpoint, id} = await createDirectory(org)
  return {org, directory: id, endpoint: directoryEndpoint}
}

/** A bearer token for the directory, as the admin portal would give the identity provider. */
async function issueToken(organizationId: string, directoryId: string): Promise<string> {
  const request = {directoryId, organizationId}
  const {plainSecret} = await sdkRpc<{plainSecret: string}>(sdk(), 'directory', 'createDirectorySecret', request)
  return plainSecret
}

function file(name: string, text: string): string {
  const path = join(tempDir('skctl-push-'), name)
  writeFileSync(path, text)
  return path
}

const outcome = (result: PushResult) => result.actions.map((a) => `${a.type} ${a.name} ${a.action}`)

/**
 * A SCIM proxy in front of the emulator that records every request it forwards, and can answer the next writes
 * with given statuses instead (Retry-After: 0) to play a rate-limited server.
 */
async function recordingProxy() {
  const requests: string[] = []
  const faults: number[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      requests.push(`${request.method} ${decodeURIComponent(request.url ?? '')}`)
      const fault = request.method !== 'GET' ? faults.shift() : undefined
      if (fault) {
        response.writeHead(fault, {'content-type': 'application/scim+json', 'retry-after': '0'})
        response.end(JSON.stringify({schemas: [ERROR_SCHEMA], status: String(fault), detail: 'try again'}))
        return
      }
      const upstream = await fetch(`${emulator.url}${request.url}`, {
        method: request.method,
        headers: {
          authorization: request.headers.authorization ?? '',
          'content-type': request.headers['content-type'] ?? 'application/scim+json',
        },
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      })
      response.writeHead(upstream.status, {'content-type': upstream.headers.get('content-type') ?? ''})
      response.end(Buffer.from(await upstream.arrayBuffer()))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const header = 'userName,givenName,familyName,active,groups\n'

describe('skctl directories simulate push', () => {
  it('provisions users and groups from a CSV, then syncs changes, deactivations and deletions', async () => {
    const {org, directory} = await newDirectory('push-csv')
    const target = ['--org', 'push-csv', '--directory', directory]
    const users = file(
      'users.csv',
      `\uFEFF${header}alice@acme.com,Alice,Smith,,Engineering\r\n"bob@acme.com",Bob,"Jones, Jr",true,Engineering\r\ncarol@acme.com,Carol,Diaz,,\r\n`,
    )
    const first = await runJson<PushResult>(['directories', 'simulate', 'push', users, ...target], {env: env()})
    expect(first.code).toBe(0)
    expect(outcome(first.json)).toEqual([
      'user alice@acme.com created',
      'user bob@acme.com created',
      'user carol@acme.com created',
      'group Engineering created',
    ])
    expect(first.json.secret).toEqual({issued: true, replaced: false})
    expect(first.json.actions[3]).toMatchObject({at: 'line 2', detail: '+2 members'})
    expect(first.json.directory.source).toBe('api')

    // What the push left in the directory, read through the SDK as an application would.
    const {users: listed} = await sdk().directory.listDirectoryUsers(org, directory)
    expect(listed).toEqual([
      expect.objectContaining({preferredUsername: 'alice@acme.com', email: 'alice@acme.com', familyName: 'Smith'}),
      expect.objectContaining({preferredUsername: 'bob@acme.com', familyName: 'Jones, Jr'}),
      expect.objectContaining({preferredUsername: 'carol@acme.com'}),
    ])
    const {groups} = await sdk().directory.listDirectoryGroups(org, directory)
    expect(groups).toEqual([expect.objectContaining({displayName: 'Engineering', totalUsers: 2})])

    // Alice renamed, Bob unassigned (active=false), Carol as she was: the table shows each row's outcome.
    const changed = file(
      'users.csv',
      `${header}alice@acme.com,Alicia,Smith,,Engineering\nbob@acme.com,Bob,"Jones, Jr",false,Engineering\ncarol@acme.com,Carol,Diaz,,\n`,
    )
    const second = await run(['directories', 'simulate', 'push', changed, ...target], {env: env()})
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/^TYPE\s+NAME\s+ACTION\s+ID\s+AT\s+DETAIL$/m)
    expect(second.stdout).toMatch(
      /^user\s+alice@acme\.com\s+updated\s+diruser_\d+\s+line 2\s+changed: name\.givenName$/m,
    )
    expect(second.stdout).toMatch(/^user\s+bob@acme\.com\s+deactivated\s/m)
    expect(second.stdout).toMatch(/^user\s+carol@acme\.com\s+unchanged\s/m)
    expect(second.stdout).toMatch(/^group\s+Engineering\s+unchanged\s/m)
    expect(second.stdout).toMatch(/^diruser_\d+\s+bob@acme\.com\s+bob@acme\.com\s+Bob Jones, Jr\s+no\s+Engineering$/m)
    expect(second.stderr).toContain(
      `Rotated the bearer secret of directory ${directory} (on the emulator) to push with it: the identity provider's previous token no longer works.`,
    )
    const detail = await sdk().directory.listDirectoryUsers(org, directory, {includeDetail: true})
    expect(detail.users.map((u) => [u.givenName, u.userDetail?.active])).toEqual([
      ['Alicia', true],
      ['Bob', false],
      ['Carol', true],
    ])

    // Carol leaves the file: --delete-missing deletes her, and only after confirmation.
    const fewer = file(
      'users.csv',
      `${header}alice@acme.com,Alicia,Smith,,Engineering\nbob@acme.com,Bob,"Jones, Jr",false,Engineering\n`,
    )
    const unconfirmed = await runJson<ErrorJson>(
      ['directories', 'simulate', 'push', fewer, ...target, '--delete-missing'],
      {env: env()},
    )
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.json.error.hint).toBe('pass --yes to confirm')
    const third = await runJson<PushResult>(
      ['directories', 'simulate', 'push', fewer, ...target, '--delete-missing', '--yes'],
      {env: env()},
    )
    expect(third.code).toBe(0)
    expect(outcome(third.json)).toEqual([
      'user alice@acme.com unchanged',
      'user bob@acme.com unchanged',
      'group Engineering unchanged',
      'user carol@acme.com deleted',
    ])
    expect(third.json.directory.users.map((u) => u.userName)).toEqual(['alice@acme.com', 'bob@acme.com'])
  })

  it('provisions from a SCIM JSON file, group members named by userName or display', async () => {
    const {directory} = await newDirectory('push-json')
    const document = {
      Users: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'dana',
          name: {givenName: 'Dana'},
          emails: [{value: 'dana@corp.example', primary: true}],
        },
        {userName: 'eli@corp.example', active: false},
      ],
      Groups: [{displayName: 'Support', members: [{value: 'dana'}, {display: 'eli@corp.example'}]}],
    }
    const users = file('directory.json', JSON.stringify(document))
    const {code, json} = await runJson<PushResult>(
      ['directories', 'simulate', 'push', users, '--org', 'push-json', '--directory', directory],
      {env: env()},
    )
    expect(code).toBe(0)
    expect(outcome(json)).toEqual(['user dana created', 'user eli@corp.example created', 'group Support created'])
    expect(json.actions[1]).toMatchObject({at: 'Users[1]', detail: 'created inactive'})
    expect(json.directory.users).toEqual([
      expect.objectContaining({userName: 'dana', email: 'dana@corp.example', active: true, groups: ['Support']}),
      expect.objectContaining({userName: 'eli@corp.example', active: false, groups: ['Support']}),
    ])
    expect(json.directory.groups).toEqual([
      {id: expect.stringMatching(/^dirgroup_/), displayName: 'Support', totalUsers: 2},
    ])
  })

  it('pushes to --endpoint with a token from stdin, never printing it; a refused token exits 3', async () => {
    const {org, directory, endpoint} = await newDirectory('push-endpoint')
    const token = await issueToken(org, directory)
    const users = file('users.csv', `${header}fay@acme.com,Fay,Lee,,Design\n`)
    const args = ['directories', 'simulate', 'push', users, '--endpoint', endpoint, '--token-stdin']
    // No Scalekit credentials at all: a SCIM endpoint and its token are enough.
    const pushed = await run(args, {env: cleanEnv(), input: token})
    expect(pushed.code).toBe(0)
    expect(pushed.stdout).toMatch(/^user\s+fay@acme\.com\s+created\s/m)
    expect(pushed.stdout).toContain(`Directory ${endpoint} shows 1 user and 1 group (read through SCIM).`)
    expect(pushed.stdout + pushed.stderr).not.toContain(token)

    const refused = await runJson<ErrorJson>(args, {env: env(), input: 'scim_not_the_directory_token'})
    expect(refused.code).toBe(3)
    expect(refused.json.error).toMatchObject({code: 'auth_failed'})
    expect(refused.json.error.message).toContain('refused the bearer token')
  })

  it('refuses a bad CSV header with exit 2 before any request', async () => {
    const {org, directory} = await newDirectory('push-header')
    const bad = file('users.csv', 'user_name,givenName\nzoe@acme.com,Zoe\n')
    const viaApi = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['directories', 'simulate', 'push', bad, '--org', org, '--directory', directory], {
        env: env(),
      }),
    )
    expect(viaApi.code).toBe(2)
    expect(viaApi.json.error).toMatchObject({
      code: 'invalid_input',
      message: 'users.csv has an unknown column "user_name"',
    })

    const proxy = await recordingProxy()
    try {
      const endpoint = `${proxy.origin}/directory/${directory}/scim/v2`
      const viaEndpoint = await run(['directories', 'simulate', 'push', bad, '--endpoint', endpoint, '--token-stdin'], {
        env: env(),
        input: 'scim_any_token_at_all',
      })
      expect(viaEndpoint.code).toBe(2)
      expect(proxy.requests).toEqual([])
    } finally {
      await proxy.close()
    }
  })

  it('--dry-run sends only GETs and shows what a push would do; rate limits are retried', async () => {
    const {org, directory} = await newDirectory('push-dry')
    const token = await issueToken(org, directory)
    const proxy = await recordingProxy()
    try {
      const endpoint = `${proxy.origin}/directory/${directory}/scim/v2`
      const push = (path: string, ...extra: string[]) =>
        runJson<PushResult>(
          ['directories', 'simulate', 'push', path, '--endpoint', endpoint, '--token-stdin', ...extra],
          {
            env: env(),
            input: token,
          },
        )
      // The first write is rate-limited: the push waits as Retry-After says and sends it again.
      proxy.faults.push(429)
      const seeded = await push(file('users.csv', `${header}gus@acme.com,Gus,,,Ops\nhal@acme.com,Hal,,,Ops\n`))
      expect(seeded.code).toBe(0)
      expect(proxy.requests.filter((r) => r.startsWith('POST /directory/'))).toHaveLength(4)

      proxy.requests.length = 0
      const plan = await push(
        file('users.csv', `${header}gus@acme.com,Gustav,,,Ops\nivy@acme.com,Ivy,,false,Ops\n`),
        '--dry-run',
        '--delete-missing',
      )
      expect(plan.code).toBe(0)
      expect(plan.json.dryRun).toBe(true)
      expect(outcome(plan.json)).toEqual([
        'user gus@acme.com updated',
        'user ivy@acme.com created',
        'group Ops updated',
        'user hal@acme.com deleted',
      ])
      expect(plan.json.actions[2]?.detail).toBe('+1 member, -1 member')
      expect(proxy.requests.length).toBeGreaterThan(0)
      expect(proxy.requests.filter((r) => !r.startsWith('GET '))).toEqual([])
      expect(proxy.requests).toContain(`GET /directory/${directory}/scim/v2/Users?filter=userName eq "gus@acme.com"`)

      const scim = scimClient(`${emulator.url}/directory/${directory}/scim/v2`, token)
      const after = await scim<{Resources: Array<{name: {givenName: string}; userName: string}>}>('GET', '/Users')
      expect(after.body.Resources.map((u) => `${u.userName} ${u.name.givenName}`)).toEqual([
        'gus@acme.com Gus',
        'hal@acme.com Hal',
      ])
    } finally {
      await proxy.close()
    }
  })

  it('reports items the server refuses and exits 5; flags that do not fit exit 2', async () => {
    const {org, directory} = await newDirectory('push-partial')
    const document = {
      Users: [{userName: 'jo@acme.com'}, {userName: 'kim@acme.com', name: 'not an object'}],
      Groups: [{displayName: 'Ghosts', members: [{value: 'diruser_10000000000000404'}]}],
    }
    const partial = await runJson<PushResult>(
      [
        'directories',
        'simulate',
        'push',
        file('d.json', JSON.stringify(document)),
        '--org',
        org,
        '--directory',
        directory,
      ],
      {env: env()},
    )
    expect(partial.code).toBe(5)
    expect(partial.json.counts).toMatchObject({created: 2, failed: 1})
    expect(partial.json.actions.find((a) => a.action === 'failed')).toMatchObject({
      type: 'group',
      name: 'Ghosts',
      error: {status: 400, scimType: 'invalidValue'},
    })

    const users = file('users.csv', `${header}x@acme.com,X,,,\n`)
    for (const args of [
      ['--directory', directory],
      [],
      ['--endpoint', 'http://scim.example.com/scim/v2', '--token-stdin'],
    ]) {
      const refused = await withoutCalls(emulator, () =>
        run(['directories', 'simulate', 'push', users, ...args], {env: env()}),
      )
      expect(refused.code).toBe(2)
    }
  })
  it("--org alone pushes to the organization's only directory", async () => {
    const {org, directory} = await newDirectory('push-only')
    const users = file('users.csv', `${header}only@acme.com,Only,One,,\n`)
    const {code, json} = await runJson<PushResult & {directoryId: string; organizationId: string}>(
      ['directories', 'simulate', 'push', users, '--org', 'push-only'],
      {env: env()},
    )
    expect(code).toBe(0)
    expect(json).toMatchObject({directoryId: directory, organizationId: org})
    expect(outcome(json)).toEqual(['user only@acme.com created'])
  })

  it('--org alone with several directories lists them and exits 2; with none it exits 4', async () => {
    const {org, directory} = await newDirectory('push-two')
    const second = await createDirectory(org, DirectoryProvider.GOOGLE)
    const users = file('users.csv', `${header}two@acme.com,Two,,,\n`)
    const several = await run(['directories', 'simulate', 'push', users, '--org', 'push-two'], {env: env()})
    expect(several.code).toBe(2)
    expect(several.stderr).toContain(`Error: organization push-two has 2 directories: ${directory} (`)
    expect(several.stderr).toContain(second.id)
    expect(several.stderr).toMatch(/^Hint: say which with --directory, e\.g\. --directory dir_\d+$/m)

    await newOrganization(emulator, 'No Dir Inc', 'push-none')
    const none = await runJson<ErrorJson>(['directories', 'simulate', 'push', users, '--org', 'push-none'], {
      env: env(),
    })
    expect(none.code).toBe(4)
    expect(none.json.error).toMatchObject({code: 'not_found', hint: 'skctl directories create --org push-none'})
  })
})
