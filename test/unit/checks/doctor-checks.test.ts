import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {checkConfigModes, checkKeychain, checkNode, clockRow} from '../../../src/checks/doctor-checks.js'
import {fakeKeychain} from '../../helpers/fake-keychain.js'
import {tempDir} from '../../helpers/tmp.js'

describe('checkNode', () => {
  it('passes 20.19 and later, fails older versions with how to upgrade', () => {
    for (const ok of ['20.19.0', 'v20.20.2', '22.1.0', '24.0.0']) expect(checkNode(ok).status).toBe('ok')
    for (const old of ['20.18.3', '18.20.0', 'v16.0.0']) {
      expect(checkNode(old)).toMatchObject({fix: expect.stringContaining('20.19'), status: 'fail'})
    }
  })
})

describe('clockRow', () => {
  it('is ok within 30 s either way and warns beyond, saying which way the clock is off', () => {
    expect(clockRow(29_000).status).toBe('ok')
    expect(clockRow(-30_000).status).toBe('ok')
    expect(clockRow(45_000)).toMatchObject({detail: expect.stringContaining('45 s behind'), status: 'warn'})
    expect(clockRow(-120_000)).toMatchObject({detail: expect.stringContaining('120 s ahead of'), status: 'warn'})
    expect(clockRow(-120_000).fix).toMatch(/time synchronisation/)
  })
})

describe('checkConfigModes', () => {
  it('passes a 0700 directory of 0600 files, and a directory not created yet', () => {
    const dir = tempDir()
    chmodSync(dir, 0o700)
    writeFileSync(join(dir, 'config.json'), '{}', {mode: 0o600})
    expect(checkConfigModes(dir).status).toBe('ok')
    expect(checkConfigModes(join(dir, 'absent'))).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('does not exist'),
    })
  })

  it('finds group- or world-accessible files in subdirectories too', () => {
    const dir = tempDir()
    chmodSync(dir, 0o700)
    mkdirSync(join(dir, 'imports'), {mode: 0o700})
    writeFileSync(join(dir, 'imports', 'job.json'), '{}', {mode: 0o640})
    chmodSync(join(dir, 'imports', 'job.json'), 0o640)
    expect(checkConfigModes(dir)).toMatchObject({fix: `chmod 600 ${join(dir, 'imports', 'job.json')}`, status: 'fail'})
  })
})

describe('checkKeychain', () => {
  it('is ok when a secret can be stored, a warning with a fix otherwise, and leaves nothing behind', async () => {
    const usable = fakeKeychain(true)
    expect((await checkKeychain(usable, {})).status).toBe('ok')
    expect(usable.entries.size).toBe(0)
    expect(await checkKeychain(fakeKeychain(false), {})).toMatchObject({
      fix: expect.stringMatching(/keychain/),
      status: 'warn',
    })
    expect((await checkKeychain(usable, {SKCTL_NO_KEYCHAIN: '1'})).detail).toMatch(/SKCTL_NO_KEYCHAIN/)
  })
})
