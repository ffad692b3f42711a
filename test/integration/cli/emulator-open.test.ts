import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {EmulatorOpenResult} from '../../../src/commands/emulator/open.js'
import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()

describe('skctl emulator open', () => {
  it('hands a one-time dashboard sign-in link to the browser, prints it, and the link signs in once', async () => {
    // The OS browser launch is the one thing mocked: xdg-open honours $BROWSER, pointed at a recorder.
    const dir = tempDir()
    const record = join(dir, 'opened.txt')
    const browser = join(dir, 'browser.sh')
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`)
    chmodSync(browser, 0o755)
    const env = emulator.env({BROWSER: browser})
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    const {code, json} = await runJson<EmulatorOpenResult>(['emulator', 'open'], {env})
    expect(code).toBe(0)
    expect(json.opened).toBe(true)
    expect(json.url).toMatch(new RegExp(`^${emulator.url}/dashboard/login\\?token=[\\w-]{43}$`))
    await expect.poll(() => readFileSync(record, 'utf8'), {timeout: 10_000}).toBe(json.url)

    const signIn = await fetch(json.url, {redirect: 'manual'})
    expect(signIn.status).toBe(303)
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
    const overview = await fetch(`${emulator.url}/`, {headers: {cookie}})
    expect(overview.status).toBe(200)
    expect(await overview.text()).toContain('<h1>Overview</h1>')
    expect((await fetch(json.url, {redirect: 'manual'})).status).toBe(401)
  })
})
