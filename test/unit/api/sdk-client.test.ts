import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'

import {createScalekitClient, preloadSdkParts} from '../../../src/api/sdk-client.js'

const require = createRequire(import.meta.url)
const loaded = (file: string) => require.resolve(`@scalekit-sdk/node/lib/${file}.js`) in require.cache
const ARGS = ['http://127.0.0.1:1', 'skc_1', 'secret'] as const

describe('createScalekitClient', () => {
  // Runs first, in a process of its own (vitest's forks pool): nothing else has loaded the SDK yet.
  it('loads a sub-client and its descriptors on first use only, not the whole SDK', () => {
    const client = createScalekitClient(...ARGS, {timeoutMs: 1000})
    expect(loaded('core')).toBe(true)
    expect(['organization', 'user', 'scalekit'].map(loaded)).toEqual([false, false, false])
    const organizations = client.organization
    expect(client.organization).toBe(organizations)
    expect(['organization', 'user', 'scalekit'].map(loaded)).toEqual([true, false, false])
  })

  it('preloads the files of the sub-clients named, and not the whole SDK', () => {
    expect(['directory', 'role', 'scalekit'].map(loaded)).toEqual([false, false, false])
    preloadSdkParts(['directory', 'role'])
    expect(['directory', 'role', 'scalekit'].map(loaded)).toEqual([true, true, false])
  })

  it('answers every other member as the SDK own client does, running it on this client', async () => {
    const {ScalekitClient} = await import('@scalekit-sdk/node')
    const client = createScalekitClient(...ARGS)
    const options = {state: 's', loginHint: 'ada@example.com'}
    expect(client.getAuthorizationUrl('http://localhost/cb', options)).toBe(
      new ScalekitClient(...ARGS).getAuthorizationUrl('http://localhost/cb', options),
    )
    expect(client.user.constructor).toBe(new ScalekitClient(...ARGS).user.constructor)
    expect(client.actions.constructor.name).toBe('ActionsClient')
  })

  it("builds every member the SDK's own constructor sets, of the same class (a newer SDK's new client fails here)", async () => {
    const {ScalekitClient} = await import('@scalekit-sdk/node')
    const real = new ScalekitClient(...ARGS) as unknown as Record<string, object>
    const lazy = createScalekitClient(...ARGS) as unknown as Record<string, object>
    const members = Object.keys(real)
    expect(members.length).toBeGreaterThan(15)
    for (const name of members) expect([name, lazy[name]?.constructor]).toEqual([name, real[name]?.constructor])
  })

  it('is not taken for a promise, so async code can return it', async () => {
    const client = createScalekitClient(...ARGS)
    expect(await Promise.resolve(client)).toBe(client)
  })
})
