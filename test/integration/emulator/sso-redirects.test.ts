import {afterEach, describe, expect, it} from 'vitest'
import {startEmulator} from '../../../src/emulator/index.js'
import {tempDir} from '../../helpers/tmp.js'
import {adminPost} from './sso-support.js'
import {basicAuth, killSpawnedEmulators, spawnEmulator} from './support.js'

afterEach(async () => {
  await killSpawnedEmulators()
})

async function listed(url: string): Promise<string[]> {
  const response = await fetch(`${url}/_emulator/redirects`, {headers: {authorization: basicAuth()}})
  return ((await response.json()) as {redirectUris: string[]}).redirectUris
}

describe('allowed redirect URIs', () => {
  it('persists added URIs in the data directory and keeps start-time ones across a reset', async () => {
    const dataDir = tempDir('skctl-redirects-')
    const first = await startEmulator({port: 0, dataDir, redirectUris: ['https://start.example.test/cb']})
    try {
      await adminPost(first.url, '/_emulator/redirects', {add: ['https://added.example.test/cb']}, basicAuth())
    } finally {
      await first.close()
    }
    const second = await startEmulator({port: 0, dataDir})
    try {
      expect(await listed(second.url)).toEqual(
        expect.arrayContaining(['https://start.example.test/cb', 'https://added.example.test/cb']),
      )
    } finally {
      await second.close()
    }

    const third = await startEmulator({port: 0, redirectUris: ['https://start.example.test/cb']})
    try {
      await adminPost(third.url, '/_emulator/redirects', {add: ['https://added.example.test/cb']}, basicAuth())
      await fetch(`${third.url}/_emulator/reset`, {method: 'POST', headers: {authorization: basicAuth()}})
      const after = await listed(third.url)
      expect(after).toContain('https://start.example.test/cb')
      expect(after).not.toContain('https://added.example.test/cb')
    } finally {
      await third.close()
    }
  })

  it('refuses an invalid URI at start', async () => {
    await expect(startEmulator({port: 0, redirectUris: ['https://x.example/cb#frag']})).rejects.toThrow(/fragment/)
    await expect(startEmulator({port: 0, initiateLoginUri: 'javascript:alert(1)'})).rejects.toThrow(/http/)
  })

  it('takes --redirect-uri (repeatable), --strict-redirects and --initiate-login-uri on the command line', async () => {
    const {ready} = spawnEmulator([
      '--redirect-uri',
      'https://one.example.test/cb',
      '--redirect-uri',
      'http://127.0.0.1/auth',
      '--initiate-login-uri',
      'https://one.example.test/start',
      '--strict-redirects',
      '--quiet',
    ])
    const {url} = await ready
    const response = await fetch(`${url}/_emulator/redirects`, {headers: {authorization: basicAuth()}})
    const uris = [
      'http://127.0.0.1/callback',
      'http://localhost/callback',
      'http://[::1]/callback',
      'https://one.example.test/cb',
      'http://127.0.0.1/auth',
    ]
    expect(await response.json()).toEqual({
      redirectUris: uris,
      redirects: uris.map((uri, index) => ({uri, source: index < 3 ? 'default' : 'start'})),
      strict: true,
      initiateLoginUri: 'https://one.example.test/start',
    })
  })

  it('rejects a bad --redirect-uri as a usage error', async () => {
    const {exited} = spawnEmulator(['--redirect-uri', 'https://x.example/cb?q=1'])
    const {code, stderr} = await exited
    expect(code).toBe(2)
    expect(stderr).toMatch(/--redirect-uri: .*query/)
  })
})
