import {describe, expect, it} from 'vitest'

import {requireCredentials, resolveCredentials, resolveEnvironmentUrl} from '../../../src/config/credentials.js'
import {ProfileStore} from '../../../src/config/profiles.js'
import {fakeKeychain} from '../../helpers/fake-keychain.js'
import {tempDir} from '../../helpers/tmp.js'

async function storeWith(...names: string[]) {
  const store = await ProfileStore.open(tempDir(), fakeKeychain(true))
  for (const name of names) {
    await store.save(
      name,
      {
        clientId: `skc_${name}`,
        clientSecret: `secret_of_${name}_1234`,
        environmentUrl: `https://${name}.scalekit.dev/`,
      },
      {activate: false},
    )
  }
  return () => Promise.resolve(store)
}

const ENV = {
  SCALEKIT_CLIENT_ID: 'skc_env',
  SCALEKIT_CLIENT_SECRET: 'secret_from_env_9999',
  SCALEKIT_ENVIRONMENT_URL: 'https://env.scalekit.dev',
}

describe('resolveCredentials', () => {
  it('uses the active profile when nothing else is set', async () => {
    const store = await storeWith('dev')
    const r = await resolveCredentials({env: {}, flags: {}, store})
    expect(r.profile).toEqual({name: 'dev', source: 'active'})
    expect(r.environmentUrl).toEqual({origin: 'dev', source: 'profile', value: 'https://dev.scalekit.dev'})
    expect(r.clientId?.value).toBe('skc_dev')
    expect(r.clientSecret).toEqual({origin: 'dev', source: 'profile', value: 'secret_of_dev_1234'})
  })

  it('environment variables beat the active profile', async () => {
    const store = await storeWith('dev')
    const r = await resolveCredentials({env: ENV, flags: {}, store})
    expect(r.environmentUrl).toMatchObject({origin: 'SCALEKIT_ENVIRONMENT_URL', source: 'env'})
    expect(r.clientId).toMatchObject({source: 'env', value: 'skc_env'})
    expect(r.clientSecret).toMatchObject({source: 'env', value: 'secret_from_env_9999'})
  })

  it('does not open the config file when flags and variables supply everything', async () => {
    let opened = false
    const r = await resolveCredentials({
      env: ENV,
      flags: {},
      store: () => {
        opened = true
        throw new Error('must not be opened')
      },
    })
    expect(opened).toBe(false)
    expect(r.profile).toBeUndefined()
    expect(r.clientSecret?.source).toBe('env')
  })

  it('flags beat environment variables', async () => {
    const store = await storeWith('dev')
    const r = await resolveCredentials({
      env: ENV,
      flags: {clientId: 'skc_flag', environmentUrl: 'https://flag.scalekit.dev/'},
      store,
    })
    expect(r.environmentUrl).toEqual({origin: '--environment-url', source: 'flag', value: 'https://flag.scalekit.dev'})
    expect(r.clientId).toMatchObject({source: 'flag', value: 'skc_flag'})
    expect(r.clientSecret?.source).toBe('env')
  })

  it('accepts SCALEKIT_ENV_URL as an alias', async () => {
    const r = await resolveCredentials({
      env: {SCALEKIT_ENV_URL: 'https://alias.scalekit.dev'},
      flags: {},
      store: await storeWith(),
    })
    expect(r.environmentUrl).toMatchObject({origin: 'SCALEKIT_ENV_URL', value: 'https://alias.scalekit.dev'})
  })

  it('SKCTL_PROFILE picks a profile other than the active one, still below SCALEKIT_* variables', async () => {
    const store = await storeWith('dev', 'prod')
    const r = await resolveCredentials({env: {SCALEKIT_CLIENT_ID: 'skc_env', SKCTL_PROFILE: 'prod'}, flags: {}, store})
    expect(r.profile).toEqual({name: 'prod', source: 'env'})
    expect(r.environmentUrl?.value).toBe('https://prod.scalekit.dev')
    expect(r.clientId?.value).toBe('skc_env')
  })

  it('a --profile flag is an explicit choice: its values are not overridden by SCALEKIT_* variables', async () => {
    const store = await storeWith('dev', 'prod')
    const r = await resolveCredentials({env: ENV, flags: {profile: 'prod'}, store})
    expect(r.profile).toEqual({name: 'prod', source: 'flag'})
    expect(r.clientId?.value).toBe('skc_prod')
    expect(r.clientSecret?.value).toBe('secret_of_prod_1234')
  })

  it('a named profile that does not exist is an authentication error (exit 3)', async () => {
    const store = await storeWith('dev')
    await expect(resolveCredentials({env: {}, flags: {profile: 'nope'}, store})).rejects.toMatchObject({exit: 3})
    await expect(resolveCredentials({env: {SKCTL_PROFILE: 'nope'}, flags: {}, store})).rejects.toMatchObject({exit: 3})
  })

  it('a malformed environment URL from any source is a usage error (exit 2)', async () => {
    const store = await storeWith()
    await expect(
      resolveCredentials({env: {SCALEKIT_ENVIRONMENT_URL: 'acme.scalekit.dev'}, flags: {}, store}),
    ).rejects.toMatchObject({exit: 2})
  })
})

describe('requireCredentials', () => {
  it('names every missing value', async () => {
    const r = await resolveCredentials({env: {SCALEKIT_CLIENT_ID: 'skc_x'}, flags: {}, store: await storeWith()})
    expect(() => requireCredentials(r)).toThrow(/environment URL .*client secret/)
    expect(() => requireCredentials(r)).toThrow(expect.objectContaining({exit: 3}))
  })
})

describe('resolveEnvironmentUrl', () => {
  it('picks the URL resolveCredentials would, reading no secret', async () => {
    const cases: Array<{env: NodeJS.ProcessEnv; flags: {environmentUrl?: string; profile?: string}}> = [
      {env: {}, flags: {}},
      {env: ENV, flags: {}},
      {env: ENV, flags: {profile: 'prod'}},
      {env: {SKCTL_PROFILE: 'prod'}, flags: {}},
      {env: {SCALEKIT_ENV_URL: 'http://127.0.0.1:8080'}, flags: {}},
      {env: ENV, flags: {environmentUrl: 'https://flag.scalekit.dev/'}},
    ]
    for (const {env, flags} of cases) {
      const open = await storeWith('dev', 'prod')
      const store = await open()
      store.use('dev')
      const expected = (await resolveCredentials({env, flags, store: open})).environmentUrl?.value
      const noSecrets = () =>
        Promise.resolve(
          Object.assign(Object.create(store) as ProfileStore, {
            readSecret: () => Promise.reject(new Error('no secret may be read')),
          }),
        )
      expect(await resolveEnvironmentUrl({env, flags, store: noSecrets}), JSON.stringify({env, flags})).toBe(expected)
    }
  })

  it('opens no config file when a variable names the URL', async () => {
    const url = await resolveEnvironmentUrl({
      env: {SCALEKIT_ENVIRONMENT_URL: 'https://127.0.0.1:8443'},
      flags: {},
      store: () => Promise.reject(new Error('must not be opened')),
    })
    expect(url).toBe('https://127.0.0.1:8443')
  })
})
