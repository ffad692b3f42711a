import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {csvFile} from '../import/support.js'

const emulator = useEmulator()

const check = (...urls: string[]) => run(['redirects', 'check', '--kind', 'development', ...urls])

describe('counts in messages agree with their number', () => {
  it('one URL passes; URLs pass', async () => {
    expect((await check('http://localhost:3000/cb')).stderr).toContain('1 URL passes the development rules.')
    const two = await check('http://localhost:3000/cb', 'https://app.acmecorp.com/cb')
    expect(two.stderr).toContain('2 URLs pass the development rules.')
  })

  it('1 of 2 URLs breaks; 2 of 2 URLs break', async () => {
    const one = await check('http://localhost:3000/cb', 'https://app.acmecorp.com/cb?next=1')
    expect(one.code).toBe(6)
    expect(one.stderr).toContain('1 of 2 URLs breaks the development rules.')
    const both = await check('https://app.acmecorp.com/cb#top', 'https://app.acmecorp.com/cb?next=1')
    expect(both.stderr).toContain('2 of 2 URLs break the development rules.')
  })

  it('an import with one bad row says "The problem", not "All 1 problems"; with two, "All 2 problems"', async () => {
    await createOrganization(emulator, 'Wording Co', 'wording-co')
    const importing = (rows: string[]) =>
      run(
        [
          'users',
          'import',
          csvFile(['email', ...rows, ''].join('\n')),
          '--org',
          'wording-co',
          '--report',
          tempDir(),
          '--yes',
        ],
        {
          env: emulator.env(),
        },
      )
    const one = await importing(['ok1@wording.test', 'not-an-email'])
    expect(one.code).toBe(5)
    expect(one.stdout).toMatch(/: 2 rows in /)
    expect(one.stderr).toMatch(/^The problem: .*errors\.jsonl; fix .*retry\.csv and import it to retry it\.$/m)
    const two = await importing(['bad-one', 'bad-two'])
    expect(two.stderr).toMatch(/^All 2 problems: .*errors\.jsonl; fix .*retry\.csv and import it to retry them\.$/m)
  })
})

describe('hints for a URL without its scheme', () => {
  it('suggest http:// for a loopback environment URL, as the emulator listens', async () => {
    const {code, json} = await runJson<ErrorJson>(['orgs', 'list', '--environment-url', '127.0.0.1:28766'])
    expect(code).toBe(2)
    expect(json.error.hint).toBe(
      'write it with http:// (a local emulator listens on plain http), e.g. http://127.0.0.1:28766',
    )
  })

  it('suggest http:// for a loopback redirect URL, https:// for another host', async () => {
    const {stdout} = await check('localhost:3000/api/auth/callback', 'app.acmecorp.com/callback')
    expect(stdout).toContain('add the scheme: http://localhost:3000/api/auth/callback')
    expect(stdout).toContain('add the scheme: https://app.acmecorp.com/callback')
  })
})
