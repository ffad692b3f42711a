import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {cleanEnv, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {runOnTerminal} from '../../helpers/tty.js'

const emulator = useEmulator()

describe('at a terminal', () => {
  it('login prompts for the URL, the client id and a hidden secret', async () => {
    const env = cleanEnv()
    const {code, screen} = await runOnTerminal(['login', '--profile', 'typed'], env, [
      {after: /Environment URL/, type: `${emulator.url}\r`},
      {after: /Client id/, type: `${DEFAULT_CLIENT_ID}\r`},
      {after: /Client secret/, type: `${DEFAULT_CLIENT_SECRET}\r`},
    ])
    expect(code).toBe(0)
    expect(screen).toMatch(/profile "typed" is active/)
    expect(screen).not.toContain(DEFAULT_CLIENT_SECRET)
    const status = await runJson<{profile: {name: string}; token: {ok: boolean}}>(['status'], {env})
    expect(status.json).toMatchObject({profile: {name: 'typed'}, token: {ok: true}})
  })

  it('a terminal that reports no width gets no spinner (ora would redraw it endlessly)', async () => {
    const env = cleanEnv()
    const {code, screen} = await runOnTerminal(
      ['login', '--environment-url', emulator.url, '--client-id', DEFAULT_CLIENT_ID],
      env,
      [{after: /Client secret/, type: `${DEFAULT_CLIENT_SECRET}\r`}],
      {sized: false},
    )
    expect(code).toBe(0)
    expect(screen).not.toMatch(/Verifying credentials/)
    expect(screen.length).toBeLessThan(5000)
  })

  it('a destructive command asks, and "no" changes nothing', async () => {
    const org = await runJson<{id: string}>(['orgs', 'create', '--name', 'Keep Me'], {env: emulator.env()})
    const declined = await runOnTerminal(['orgs', 'delete', org.json.id], emulator.env(), [
      {after: /Delete organization/, type: 'n\r'},
    ])
    expect(declined.code).toBe(2)
    expect(declined.screen).toMatch(/cancelled; nothing was changed/)
    expect((await runJson(['orgs', 'get', org.json.id], {env: emulator.env()})).code).toBe(0)

    const accepted = await runOnTerminal(['orgs', 'delete', org.json.id], emulator.env(), [
      {after: /Delete organization/, type: 'y\r'},
    ])
    expect(accepted.code).toBe(0)
    expect((await runJson(['orgs', 'get', org.json.id], {env: emulator.env()})).code).toBe(4)
  })
})
