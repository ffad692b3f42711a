import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ScalekitClient} from '@scalekit-sdk/node'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanEnv, run, runJson, type RunResult} from '../../helpers/cli.js'
import {sdk} from '../emulator/support.js'

interface ErrorJson {
  error: {code: string; hint?: string; message: string}
}
interface CreatedToken {
  token: string
  tokenId: string
  tokenInfo: {customClaims: Record<string, string>; organizationId: string; tokenSuffix: string; userId?: string}
}
interface ClientJson {
  clientId: string
  expiry: string
  scopes: string[]
  secrets: Array<{id: string; secretSuffix: string}>
}

// One detached emulator for the file, keeping its data inside the config directory: the secrets check at the end
// reads its log and every file there.
const configDir = mkdtempSync(join(tmpdir(), 'skctl-credentials-cli-'))
const env = cleanEnv({SKCTL_CONFIG_DIR: configDir})
let client: ScalekitClient
let org: string

/** Each value shown once, and the output of the one command allowed to show it. */
const shown: Array<{output: RunResult; value: string}> = []
/** Every command's output, for the secrets check. */
const outputs: RunResult[] = []

async function cli(args: string[], options: {env?: NodeJS.ProcessEnv; input?: string} = {}) {
  const result = await run(args, {env, ...options})
  outputs.push(result)
  return result
}
async function cliJson<T>(args: string[], options: {input?: string} = {}) {
  const result = await runJson<T>(args, {env, ...options})
  outputs.push(result)
  return result
}

beforeAll(async () => {
  const started = await runJson<{url: string}>(
    ['emulator', 'start', '--port', '0', '--detach', '--data-dir', join(configDir, 'data')],
    {env},
  )
  expect(started.code).toBe(0)
  client = sdk(started.json.url)
  org = (await client.organization.createOrganization('Credentials Co', {externalId: 'cred-co'})).organization!.id
  await client.user.createUserAndMembership(org, {email: 'jane@cred.example'})
})

afterAll(async () => {
  await run(['emulator', 'stop'], {env})
  rmSync(configDir, {force: true, recursive: true})
})

describe('skctl api-tokens', () => {
  it('creates a token shown once, lists it without its value, and revokes it', async () => {
    const created = await cliJson<CreatedToken>(
      ['api-tokens', 'create', '--org', 'cred-co', '--user', 'jane@cred.example', '--claim', 'team=pay', '--verbose'],
      {},
    )
    expect(created.code).toBe(0)
    expect(created.json).toMatchObject({
      tokenId: expect.stringMatching(/^apit_/),
      tokenInfo: {customClaims: {team: 'pay'}, organizationId: org, userId: expect.stringMatching(/^usr_/)},
    })
    shown.push({output: created, value: created.json.token})
    expect((await client.token.validateToken(created.json.token)).tokenInfo?.tokenId).toBe(created.json.tokenId)

    // Human output, with every debug line on: the token is on stdout, once.
    const human = await run(['api-tokens', 'create', '--org', 'cred-co', '--description', 'Nightly sync'], {
      env: {...env, DEBUG: '*'},
    })
    expect(human.code).toBe(0)
    const value = /^token\s+(\S+)$/m.exec(human.stdout)?.[1]
    expect(value).toBeDefined()
    expect(human.stderr).toMatch(/Shown once/)
    shown.push({output: human, value: value!})

    const listed = await cliJson<{tokens: Array<{tokenId: string; tokenSuffix: string}>; totalSize: number}>([
      'api-tokens',
      'list',
      '--org',
      'cred-co',
    ])
    expect(listed.json.totalSize).toBe(2)
    expect(listed.json.tokens.map((t) => t.tokenId)).toContain(created.json.tokenId)

    const revoked = await cliJson(['api-tokens', 'revoke', created.json.tokenId])
    expect(revoked.json).toEqual({id: created.json.tokenId, revoked: true})
    await expect(client.token.validateToken(created.json.token)).rejects.toThrow()
    const table = await cli(['api-tokens', 'list', '--org', 'cred-co'])
    expect(table.stdout).toMatch(new RegExp(`…${value!.slice(-4)}\\s+Nightly sync`))
    expect(table.stdout).not.toContain(created.json.tokenId)
  })

  it('refuses bad claims (2), a token value in place of an id (2) and an unknown id (4)', async () => {
    const [notKeyValue, reserved, byValue, unknown] = await Promise.all([
      cliJson<ErrorJson>(['api-tokens', 'create', '--org', 'cred-co', '--claim', 'team']),
      cli(['api-tokens', 'create', '--org', 'cred-co', '--claim', 'oid=org_1']),
      cli(['api-tokens', 'revoke', 'skapi_looks-like-a-token-value']),
      cliJson<ErrorJson>(['api-tokens', 'revoke', 'apit_404']),
    ])
    expect([notKeyValue.code, notKeyValue.json.error.code]).toEqual([2, 'invalid_input'])
    expect(reserved.code).toBe(2)
    expect(reserved.stderr).toMatch(/--claim "oid" is a reserved claim name/)
    expect(byValue.code).toBe(2)
    expect(byValue.stderr).not.toContain('skapi_looks-like-a-token-value')
    expect(unknown.code).toBe(4)
    expect(unknown.json.error).toMatchObject({code: 'not_found', hint: 'skctl api-tokens list --org ORG'})
  })
})

describe('skctl clients and token --client', () => {
  it('creates a client whose secret mints a token the SDK validates with its scopes', async () => {
    const created = await cliJson<{client: ClientJson; plainSecret: string}>([
      'clients',
      'create',
      '--org',
      'cred-co',
      '--name',
      'Billing sync',
      '--scope',
      'invoices:read',
      '--scope',
      'invoices:write',
      '--audience',
      'billing-api',
      '--claim',
      'tier=gold',
      '--expiry',
      '15m',
    ])
    expect(created.code).toBe(0)
    expect(created.json.client).toMatchObject({expiry: '900', scopes: ['invoices:read', 'invoices:write']})
    shown.push({output: created, value: created.json.plainSecret})
    const {clientId} = created.json.client

    const minted = await cli(['token', '--client', clientId], {input: created.json.plainSecret})
    expect(minted.code).toBe(0)
    const accessToken = minted.stdout.trim()
    shown.push({output: minted, value: accessToken})
    expect(await client.validateAccessToken(accessToken, {audience: ['billing-api']})).toBe(true)
    expect(client.verifyScopes(accessToken, ['invoices:write'])).toBe(true)
    const refused = await cliJson<ErrorJson>(['token', '--client', clientId], {input: 'test_wrong'})
    expect([refused.code, refused.json.error.code]).toEqual([3, 'auth_failed'])

    const rotated = await cliJson<{plainSecret: string; secret: {id: string}}>([
      'clients',
      'secrets',
      'create',
      '--org',
      'cred-co',
      clientId,
    ])
    shown.push({output: rotated, value: rotated.json.plainSecret})
    const original = created.json.client.secrets[0]!
    const shownClient = await cli(['clients', 'get', '--org', 'cred-co', clientId])
    expect(shownClient.stdout).toMatch(/^secrets\s+2 secrets$/m)
    expect(shownClient.stdout).toContain(`${original.id} …${original.secretSuffix}`)

    const deleted = await cliJson(['clients', 'secrets', 'delete', '--org', 'cred-co', clientId, original.id, '--yes'])
    expect(deleted.json).toEqual({clientId, deleted: true, secretId: original.id})

    const listed = await cli(['clients', 'list', '--org', 'cred-co'])
    expect(listed.stdout).toMatch(new RegExp(`${clientId}\\s+Billing sync\\s+invoices:read invoices:write\\s+15m\\s+1`))
    expect((await cli(['clients', 'delete', '--org', 'cred-co', clientId])).code).toBe(2)
    expect((await cliJson(['clients', 'delete', '--org', 'cred-co', clientId, '--yes'])).json).toEqual({
      deleted: true,
      id: clientId,
    })
    const gone = await cliJson<ErrorJson>(['clients', 'get', '--org', 'cred-co', clientId])
    expect([gone.code, gone.json.error.hint]).toEqual([4, 'skctl clients list --org ORG'])
  })

  it('refuses bad input before any call (2) and an unknown organization (4)', async () => {
    const results = await Promise.all([
      cli(['clients', 'create', '--org', 'cred-co', '--name', 'x', '--claim', 'sub=me']),
      cli(['clients', 'create', '--org', 'cred-co', '--name', 'x', '--expiry', '1m']),
      cli(['clients', 'get', '--org', 'cred-co', 'skc_123']),
      cli(['token', '--client', 'm2morg_1']),
      cli(['clients', 'list', '--org', 'org_404']),
    ])
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 4])
    expect(results[1]!.stderr).toMatch(/--expiry 1m is shorter than 5 minutes/)
    expect(results[3]!.stderr).toMatch(/standard input was empty/)
  })
})

describe('values shown once', () => {
  it('appear in no other output, not in the emulator log and in no file of the config directory', async () => {
    expect(shown).toHaveLength(5)
    const files = readdirSync(configDir, {recursive: true, withFileTypes: true})
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
    expect(files).toContain(join(configDir, 'emulator.log'))
    const stored = files.map((file) => readFileSync(file, 'utf8')).join('\n')
    expect(stored).toMatch(/ info rpc ApiTokenService\/CreateToken ok/)
    for (const {output, value} of shown) {
      expect(output.stdout).toContain(value)
      expect(output.stderr).not.toContain(value)
      expect(stored).not.toContain(value)
      for (const other of outputs.filter((o) => o !== output)) {
        expect(other.stdout).not.toContain(value)
        expect(other.stderr).not.toContain(value)
      }
    }
  })
})
