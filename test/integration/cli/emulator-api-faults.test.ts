import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulatorSandboxes} from '../../helpers/emulator.js'

const sandbox = useEmulatorSandboxes()

describe('skctl emulator start --api-faults', () => {
  it('refuses JSON it cannot parse with exit 2, before starting anything', async () => {
    const env = sandbox()
    const {code, stderr} = await run(['emulator', 'start', '--port', '0', '--api-faults', '{bad'], {env})
    expect(code).toBe(2)
    expect(stderr).toMatch(/Error: --api-faults: not valid JSON \(/)
    expect((await runJson(['emulator', 'status'], {env})).code).toBe(4)
  })

  it('passes the faults to a detached emulator, which refuses method patterns matching none of its RPCs', async () => {
    const env = sandbox()
    const unknown = await runJson<{error: {code: string; message: string}}>(
      ['emulator', 'start', '--port', '0', '--detach', '--api-faults', '{"methods": ["NoService/*"]}'],
      {env},
    )
    expect(unknown.code).toBe(2)
    expect(unknown.json.error).toEqual({
      code: 'invalid_input',
      hint: null,
      message: '--api-faults: methods: "NoService/*" match no RPC of the emulator',
    })

    const faults = {fail: {fraction: 1, code: 'internal'}, methods: ['OrganizationService/ListOrganization']}
    const started = await runJson<{url: string}>(
      ['emulator', 'start', '--port', '0', '--detach', '--api-faults', JSON.stringify(faults)],
      {env},
    )
    expect(started.code).toBe(0)
    const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')
    const state = await fetch(`${started.json.url}/_emulator/api-faults`, {headers: {authorization: `Basic ${basic}`}})
    expect(((await state.json()) as {config: unknown}).config).toEqual(faults)
    const orgs = await run(['orgs', 'list'], {env})
    expect(orgs.code).toBe(1)
    expect(orgs.stderr).toContain('OrganizationService/ListOrganization failed (injected fault)')
  })
})
