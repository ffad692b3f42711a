import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()

describe('skctl api', () => {
  it('GETs with query fields and prints the JSON body', async () => {
    const {code, stdout, stderr} = await run(['api', 'GET', '/api/v1/organizations', '--field', 'page_size=1'], {
      env: emulator.env(),
    })
    expect(code).toBe(0)
    expect(stderr).toMatch(/HTTP 200/)
    const body = JSON.parse(stdout) as {organizations: unknown[]; total_size: number}
    expect(body.organizations).toHaveLength(1)
    expect(body.total_size).toBeGreaterThanOrEqual(1)
  })

  it('POSTs --data JSON, from a file and from stdin', async () => {
    const file = `${tempDir()}/org.json`
    const {writeFileSync} = await import('node:fs')
    writeFileSync(file, JSON.stringify({display_name: 'From File', external_id: 'api-file'}))
    const inline = await runJson<{organization: {display_name: string}}>(
      ['api', 'POST', '/api/v1/organizations', '--data', '{"display_name":"Inline","external_id":"api-inline"}'],
      {env: emulator.env()},
    )
    expect(inline.json.organization.display_name).toBe('Inline')
    const fromFile = await runJson<{organization: {external_id: string}}>(
      ['api', 'POST', '/api/v1/organizations', '--data', `@${file}`],
      {
        env: emulator.env(),
      },
    )
    expect(fromFile.json.organization.external_id).toBe('api-file')
    const fromStdin = await runJson<{organization: {display_name: string}}>(
      ['api', 'POST', '/api/v1/organizations', '--data', '@-'],
      {
        env: emulator.env(),
        input: '{"display_name":"From Stdin"}',
      },
    )
    expect(fromStdin.json.organization.display_name).toBe('From Stdin')
  })

  it('maps the status to the exit code and still prints the server body', async () => {
    const missing = await run(['api', 'GET', '/api/v1/organizations/org_404404404'], {env: emulator.env()})
    expect(missing.code).toBe(4)
    expect(JSON.parse(missing.stdout)).toMatchObject({code: 5})
    const invalid = await run(['api', 'POST', '/api/v1/organizations', '--data', '{"display_name":""}'], {
      env: emulator.env(),
    })
    expect(invalid.code).toBe(2)
    expect(invalid.stdout).toMatch(/display_name/)
  })

  it('refuses bad input before any call', async () => {
    for (const args of [
      ['FETCH', '/api/v1/organizations'],
      ['GET', 'https://evil.example/steal'],
      ['GET', '//evil.example/steal'],
      ['POST', '/api/v1/organizations', '--data', '{not json'],
      ['POST', '/api/v1/organizations', '--data', '@/no/such/file.json'],
    ]) {
      const {code} = await run(['api', ...args], {env: emulator.env()})
      expect(code).toBe(2)
    }
  })
})

describe('skctl token', () => {
  it('prints only a token that the API accepts', async () => {
    const {code, stdout, stderr} = await run(['token'], {env: emulator.env()})
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const token = stdout.trim()
    expect(token.split('.')).toHaveLength(3)
    const res = await fetch(`${emulator.url}/api/v1/organizations`, {headers: {authorization: `Bearer ${token}`}})
    expect(res.status).toBe(200)
    expect(stdout).not.toContain(DEFAULT_CLIENT_SECRET)
  })

  it('--json gives the token in a document; bad credentials exit 3', async () => {
    const {json} = await runJson<{accessToken: string; tokenType: string}>(['token'], {env: emulator.env()})
    expect(json.tokenType).toBe('Bearer')
    expect(json.accessToken.split('.')).toHaveLength(3)
    expect((await run(['token'], {env: emulator.env({SCALEKIT_CLIENT_SECRET: 'wrong_secret_1234'})})).code).toBe(3)
  })
})
