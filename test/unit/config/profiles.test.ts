import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {ProfileStore} from '../../../src/config/profiles.js'
import {CliError} from '../../../src/errors.js'
import {fakeKeychain} from '../../helpers/fake-keychain.js'
import {tempDir} from '../../helpers/tmp.js'

const values = {clientId: 'skc_1', clientSecret: 'test_secret_value_1234', environmentUrl: 'https://a.scalekit.dev'}
const modeOf = (path: string) => statSync(path).mode & 0o777

describe('ProfileStore', () => {
  const umask = process.umask()
  afterEach(() => {
    process.umask(umask)
  })

  it('writes the file 0600 in a 0700 directory even with umask 000', async () => {
    process.umask(0)
    const dir = join(tempDir(), 'nested', 'skctl')
    const store = await ProfileStore.open(dir, fakeKeychain(false))
    await store.save('default', values, {activate: true})
    expect(modeOf(dir)).toBe(0o700)
    expect(modeOf(store.path)).toBe(0o600)
  })

  it('tightens an existing looser file and directory', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'config.json'), '{"profiles":{}}')
    chmodSync(join(dir, 'config.json'), 0o644)
    chmodSync(dir, 0o755)
    const store = await ProfileStore.open(dir, fakeKeychain(false))
    expect(modeOf(store.path)).toBe(0o600)
    expect(modeOf(dir)).toBe(0o700)
  })

  it('keeps the secret in the keychain when it is usable, and out of the file', async () => {
    const keychain = fakeKeychain(true)
    const store = await ProfileStore.open(tempDir(), keychain)
    expect(await store.save('default', values, {activate: true})).toBe('keychain')
    expect(readFileSync(store.path, 'utf8')).not.toContain(values.clientSecret)
    expect(keychain.entries.get('default')).toBe(values.clientSecret)
    expect(await store.readSecret('default')).toBe(values.clientSecret)
  })

  it('falls back to the 0600 file when the keychain is not usable', async () => {
    const store = await ProfileStore.open(tempDir(), fakeKeychain(false))
    expect(await store.save('default', values, {activate: true})).toBe('file')
    expect(await store.readSecret('default')).toBe(values.clientSecret)
  })

  it('activates the first profile, and later ones only when asked', async () => {
    const store = await ProfileStore.open(tempDir(), fakeKeychain(false))
    await store.save('one', values, {activate: false})
    await store.save('two', values, {activate: false})
    expect(store.active).toBe('one')
    store.use('two')
    expect(store.active).toBe('two')
    expect(store.list().map((p) => [p.name, p.active])).toEqual([
      ['one', false],
      ['two', true],
    ])
  })

  it('removes a profile with its keychain secret and clears the active pointer', async () => {
    const keychain = fakeKeychain(true)
    const store = await ProfileStore.open(tempDir(), keychain)
    await store.save('default', values, {activate: true})
    await store.remove('default')
    expect(store.get('default')).toBeUndefined()
    expect(store.active).toBeUndefined()
    expect(keychain.entries.size).toBe(0)
  })

  it('rejects unknown and badly named profiles', async () => {
    const store = await ProfileStore.open(tempDir(), fakeKeychain(false))
    expect(() => store.use('nope')).toThrow(CliError)
    await expect(store.save('bad name!', values, {activate: true})).rejects.toMatchObject({exit: 2})
  })
})
