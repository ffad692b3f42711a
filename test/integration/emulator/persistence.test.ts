import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {startEmulator} from '../../../src/emulator/index.js'
import {basicAuth, killSpawnedEmulators, sdk, spawnEmulator} from './support.js'

let dataDir: string

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'skctl-emulator-'))
})

afterEach(async () => {
  await killSpawnedEmulators()
  rmSync(dataDir, {recursive: true, force: true})
})

async function allOrganizations(url: string) {
  const client = sdk(url)
  const organizations = []
  let pageToken: string | undefined
  do {
    const page = await client.organization.listOrganization({pageSize: 100, pageToken})
    organizations.push(...page.organizations)
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  return organizations.map(({id, displayName, externalId}) => ({id, displayName, externalId}))
}

async function jwksKid(url: string): Promise<string> {
  const {keys} = (await (await fetch(`${url}/keys`)).json()) as {keys: Array<{kid: string}>}
  return keys[0]!.kid
}

describe('--data-dir (in process)', () => {
  it('keeps organizations, ids, the id counter and the signing key across restarts', async () => {
    const first = await startEmulator({port: 0, dataDir})
    const client = sdk(first.url)
    const kept = (await client.organization.createOrganization('Kept', {externalId: 'kept-1'})).organization!
    const newest = (await client.organization.createOrganization('Newest')).organization!
    await client.organization.deleteOrganization(newest.id)
    const before = await allOrganizations(first.url)
    const kid = await jwksKid(first.url)
    await first.close()

    const second = await startEmulator({port: 0, dataDir})
    try {
      expect(await allOrganizations(second.url)).toEqual(before)
      expect(before.map((org) => org.displayName)).toEqual(['Test Organization', 'Kept'])
      expect((await sdk(second.url).organization.getOrganizationByExternalId('kept-1')).organization?.id).toBe(kept.id)
      expect(await jwksKid(second.url)).toBe(kid)
      // The deleted newest id is never handed out again.
      const next = (await sdk(second.url).organization.createOrganization('After restart')).organization!
      expect(BigInt(next.id.slice(4)) > BigInt(newest.id.slice(4))).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('reports the data directory in health and refuses a second emulator on it', async () => {
    const first = await startEmulator({port: 0, dataDir})
    try {
      const health = (await (await fetch(`${first.url}/_emulator/health`)).json()) as {dataDir: string}
      expect(health.dataDir).toBe(dataDir)
      await expect(startEmulator({port: 0, dataDir})).rejects.toThrow(/in use by another emulator/)
    } finally {
      await first.close()
    }
  })

  it('persists a reset', async () => {
    const first = await startEmulator({port: 0, dataDir})
    await sdk(first.url).organization.createOrganization('Before reset')
    await fetch(`${first.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
    await first.close()
    const second = await startEmulator({port: 0, dataDir})
    try {
      expect((await allOrganizations(second.url)).map((org) => org.displayName)).toEqual(['Test Organization'])
    } finally {
      await second.close()
    }
  })

  it('drops a torn last journal line but refuses a corrupt one in the middle', async () => {
    const first = await startEmulator({port: 0, dataDir})
    await sdk(first.url).organization.createOrganization('Survivor')
    const journal = join(dataDir, 'journal.jsonl')
    const acknowledged = readFileSync(journal, 'utf8')
    await first.close()

    appendFileSync(journal, '[{"op":"put","collection":"organizations","record":{"id":"org_9')
    const second = await startEmulator({port: 0, dataDir})
    expect((await allOrganizations(second.url)).map((org) => org.displayName)).toContain('Survivor')
    // Writes after the recovery must not land on the torn line.
    await sdk(second.url).organization.createOrganization('After recovery')
    await second.close()
    const third = await startEmulator({port: 0, dataDir})
    expect((await allOrganizations(third.url)).map((org) => org.displayName)).toEqual([
      'Test Organization',
      'Survivor',
      'After recovery',
    ])
    await third.close()

    writeFileSync(join(dataDir, 'journal.jsonl'), `not json\n${acknowledged}`)
    await expect(startEmulator({port: 0, dataDir})).rejects.toThrow(/line 1 is not valid JSON/)
  })
})

describe('main.ts as a separate process', () => {
  it('loses no acknowledged write to kill -9', async () => {
    const first = spawnEmulator(['--data-dir', dataDir, '--quiet'])
    const ready = await first.ready
    expect(ready).toMatchObject({event: 'ready', url: `http://127.0.0.1:${ready.port}`, dataDir, pid: first.child.pid})
    const client = sdk(ready.url)
    const created: string[] = []
    for (let i = 0; i < 20; i++)
      created.push((await client.organization.createOrganization(`Durable ${i}`)).organization!.id)
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')

    const second = spawnEmulator(['--data-dir', dataDir, '--quiet'])
    const url = (await second.ready).url
    const ids = (await allOrganizations(url)).map((org) => org.id)
    expect(ids).toEqual(expect.arrayContaining(created))
    expect(ids).toHaveLength(created.length + 1)
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
  })

  it('takes its client id from argv and its secret from the environment', async () => {
    const spawned = spawnEmulator(['--client-id', 'skc_from_argv', '--quiet'], {
      SKCTL_EMULATOR_CLIENT_SECRET: 'secret_from_env',
    })
    const ready = await spawned.ready
    expect(ready).toMatchObject({clientId: 'skc_from_argv', dataDir: null})
    const token = await fetch(`${ready.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'skc_from_argv',
        client_secret: 'secret_from_env',
      }),
    })
    expect(token.status).toBe(200)

    const busy = spawnEmulator(['--port', String(ready.port), '--quiet'])
    const failed = await busy.exited
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(`port ${ready.port} on 127.0.0.1 is already in use`)

    spawned.child.kill('SIGINT')
    expect((await spawned.exited).code).toBe(0)
  })

  it('exits 2 on bad arguments', async () => {
    const unknown = await spawnEmulator(['--bogus']).exited
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--bogus'[\s\S]*usage:/)
    const badPort = await spawnEmulator(['--port', 'eighty']).exited
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toContain('--port eighty is not a port number')
  })
})
