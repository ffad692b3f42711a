import {truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()

/** A 1 GiB file that takes no disk space and no time to make (truncate -s 1G). */
function hugeFile(name: string): string {
  const file = join(tempDir(), name)
  writeFileSync(file, '')
  truncateSync(file, 1024 ** 3)
  return file
}

const LIMIT = /too large for (--[a-z]+): at most 1 MiB \(1,048,576 bytes\) is read, it holds 1,073,741,824 bytes/

describe('files read whole are refused above 1 MiB, before they are read (exit 2)', () => {
  it('redirects check --file', async () => {
    const {code, json} = await runJson<ErrorJson>(['redirects', 'check', '--file', hugeFile('urls.txt')])
    expect(code).toBe(2)
    expect(json.error.message).toMatch(LIMIT)
    expect(json.error.message).toContain('--file')
  })

  it('api --data @FILE, with no call made', async () => {
    const big = hugeFile('body.json')
    const {code, stderr} = await withoutCalls(emulator, () =>
      run(['api', 'POST', '/api/v1/organizations', '--data', `@${big}`], {env: emulator.env()}),
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(LIMIT)
    expect(stderr).toContain(`Error: ${big} is too large for --data`)
  })

  it('webhooks verify --body and --headers', async () => {
    const dir = tempDir()
    const headers = join(dir, 'headers.json')
    writeFileSync(headers, '{"webhook-id":"msg_1"}')
    const body = hugeFile('body.json')
    const tooBigBody = await runJson<ErrorJson>(
      ['webhooks', 'verify', '--secret-stdin', '--headers', headers, '--body', body],
      {input: 'whsec_c2VjcmV0'},
    )
    expect(tooBigBody.code).toBe(2)
    expect(tooBigBody.json.error.message).toMatch(LIMIT)
    const tooBigHeaders = await runJson<ErrorJson>(
      ['webhooks', 'verify', '--secret-stdin', '--headers', hugeFile('headers.txt'), '--body', headers],
      {input: 'whsec_c2VjcmV0'},
    )
    expect(tooBigHeaders.code).toBe(2)
    expect(tooBigHeaders.json.error.message).toContain('too large for --headers')
  })

  it('standard input (redirects check --file -) stops one byte past the limit', async () => {
    const input = `http://localhost:3000/cb\n${'#'.repeat(1024 * 1024)}\n`
    const {code, json} = await runJson<ErrorJson>(['redirects', 'check', '--file', '-'], {input})
    expect(code).toBe(2)
    expect(json.error.message).toContain('standard input is too large for --file: at most 1 MiB')
  })

  it('standard input is read only where a command asks for it, not into a missing argument', async () => {
    const input = `http://localhost:3000/cb\n${'#'.repeat(2 * 1024 * 1024)}\n`
    const {code, json} = await runJson<ErrorJson>(['redirects', 'check'], {input})
    expect(code).toBe(2)
    expect(json.error.message).toBe('no redirect URLs to check')
  })

  it('a redirect list just under the limit is checked as before', async () => {
    const file = join(tempDir(), 'urls.txt')
    const first = 'http://localhost:3000/cb\n'
    writeFileSync(file, `${first}#${'x'.repeat(1024 * 1024 - first.length - 2)}\n`)
    const {code, json} = await runJson<{ok: boolean}>(['redirects', 'check', '--kind', 'development', '--file', file])
    expect(code).toBe(0)
    expect(json.ok).toBe(true)
  })
})
