import {describe, expect, it} from 'vitest'

import type {EmulatorRedirects} from '../../../src/emulator-control/redirects.js'
import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {type EmulatorFixture, useEmulator} from '../../helpers/emulator.js'
import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import type {ErrorJson} from '../../helpers/resources.js'
import {authorizeUrl, get, openSimulator, submit, USER} from '../emulator/sso-support.js'

const lenient = useEmulator()
const strict = useEmulator({strictRedirects: true})

const APP_CALLBACK = 'http://localhost:3000/api/auth/callback'
const DEFAULTS = ['http://127.0.0.1/callback', 'http://localhost/callback', 'http://[::1]/callback']

/** What the authorize endpoint does with an authorization URL the real SDK builds for `redirectUri`. */
async function authorize(emulator: EmulatorFixture, redirectUri: string) {
  const response = await get(authorizeUrl(emulator.url, {organizationId: SEED_IDS.organization}, redirectUri))
  return {status: response.status, body: await response.text()}
}

const redirects = (emulator: EmulatorFixture, ...args: string[]) =>
  runJson<EmulatorRedirects & {added?: string; removed?: string}>(['emulator', 'redirects', ...args], {
    env: emulator.env(),
  })

describe('redirect URIs on a development emulator', () => {
  it('accepts any loopback callback, on any port and path, through to the code', async () => {
    const simulator = await openSimulator(
      lenient.url,
      {organizationId: SEED_IDS.organization, state: 'st'},
      APP_CALLBACK,
    )
    const answer = await submit(simulator, USER)
    const callback = new URL(answer.headers.get('location')!)
    expect(`${callback.origin}${callback.pathname}`).toBe(APP_CALLBACK)
    expect(callback.searchParams.get('code')).toBeTruthy()
    expect(callback.searchParams.get('state')).toBe('st')

    for (const uri of ['http://127.0.0.2:8080/auth/cb', 'http://[::1]:9000/oauth2/callback', 'http://localhost:5173']) {
      expect((await authorize(lenient, uri)).status).toBe(302)
    }
  })

  it('refuses other hosts, https loopback and a query, naming the command that registers one', async () => {
    for (const uri of ['https://app.example.test/callback', 'https://localhost:3000/cb', `${APP_CALLBACK}?next=1`]) {
      const {body, status} = await authorize(lenient, uri)
      expect(status).toBe(400)
      expect(body).toContain('invalid_redirect_uri')
    }
    const {body} = await authorize(lenient, 'https://app.example.test/callback')
    expect(body).toContain('skctl emulator redirects add URL')
  })
})

describe('skctl emulator redirects', () => {
  it('lists the built-in URLs and says how other URLs are matched', async () => {
    const {code, json} = await redirects(lenient, 'list')
    expect(code).toBe(0)
    expect(json).toEqual({
      initiateLoginUri: null,
      redirects: DEFAULTS.map((uri) => ({source: 'default', uri})),
      strict: false,
    })
    const text = await run(['emulator', 'redirects', 'list'], {env: lenient.env()})
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^URL\s+SOURCE$/m)
    expect(text.stdout).toMatch(/^http:\/\/localhost\/callback\s+built in$/m)
    expect(text.stderr).toContain('any http loopback URL')
  })

  it('adds and removes a URL, and authorize follows', async () => {
    const uri = 'https://app.example.test/api/auth/callback'
    expect((await authorize(lenient, uri)).status).toBe(400)

    const added = await redirects(lenient, 'add', uri)
    expect(added.code).toBe(0)
    expect(added.json.added).toBe(uri)
    expect(added.json.redirects.at(-1)).toEqual({source: 'added', uri})
    expect((await authorize(lenient, uri)).status).toBe(302)
    const again = await run(['emulator', 'redirects', 'add', uri], {env: lenient.env()})
    expect(again).toMatchObject({code: 0, stdout: `Registered redirect URL ${uri}.\n`})

    const removed = await redirects(lenient, 'remove', uri)
    expect(removed.code).toBe(0)
    expect(removed.json.removed).toBe(uri)
    expect(removed.json.redirects.map((r) => r.uri)).toEqual(DEFAULTS)
    expect((await authorize(lenient, uri)).status).toBe(400)
  })

  it('exits 4 for a URL that is not registered and 2 for a built-in one', async () => {
    const unknown = await runJson<ErrorJson>(['emulator', 'redirects', 'remove', 'https://never.example.test/cb'], {
      env: lenient.env(),
    })
    expect(unknown.code).toBe(4)
    expect(unknown.json.error).toEqual({
      code: 'not_found',
      hint: 'skctl emulator redirects list',
      message: 'https://never.example.test/cb is not a registered redirect URI',
    })
    const builtIn = await run(['emulator', 'redirects', 'remove', 'http://localhost/callback'], {env: lenient.env()})
    expect(builtIn.code).toBe(2)
    expect(builtIn.stderr).toContain('http://localhost/callback is built in and cannot be removed')
  })

  it('refuses a bad URL with exit 2 before reaching any emulator', async () => {
    for (const bad of [
      'https://app.example.test/cb?next=1',
      'localhost:3000/callback',
      'https://app.example.test/#x',
    ]) {
      const {code, json} = await runJson<ErrorJson>(['emulator', 'redirects', 'add', bad], {env: cleanEnv()})
      expect(code).toBe(2)
      expect(json.error.code).toBe('invalid_input')
      expect(json.error.message).toContain(bad)
      expect(json.error.hint).toContain('http://localhost:3000/api/auth/callback')
    }
    expect((await redirects(lenient, 'list')).json.redirects.map((r) => r.uri)).toEqual(DEFAULTS)
  })

  it('with no emulator running, list exits 4 and says how to start one', async () => {
    const {code, json} = await runJson<ErrorJson>(['emulator', 'redirects', 'list'], {env: cleanEnv()})
    expect(code).toBe(4)
    expect(json.error.hint).toContain('skctl emulator start')
  })
})

describe('--strict-redirects', () => {
  it('accepts only registered URIs, a loopback one on any port', async () => {
    expect((await redirects(strict, 'list')).json.strict).toBe(true)
    expect((await authorize(strict, APP_CALLBACK)).status).toBe(400)
    expect((await authorize(strict, APP_CALLBACK)).body).toContain('--strict-redirects')
    // The built-in callbacks stay registered.
    expect((await authorize(strict, 'http://127.0.0.1:40123/callback')).status).toBe(302)

    expect((await redirects(strict, 'add', APP_CALLBACK)).code).toBe(0)
    expect((await authorize(strict, APP_CALLBACK)).status).toBe(302)
    // RFC 8252 §7.3: the port of a loopback redirect may vary; host and path may not.
    expect((await authorize(strict, 'http://localhost:4000/api/auth/callback')).status).toBe(302)
    expect((await authorize(strict, 'http://localhost:3000/api/auth/other')).status).toBe(400)
    expect((await authorize(strict, 'http://127.0.0.1:3000/api/auth/callback')).status).toBe(400)
  })
})
