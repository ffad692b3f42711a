import {describe, expect, it} from 'vitest'

import type {EmulatorOpenResult} from '../../../src/commands/emulator/open.js'
import {recordingBrowser} from '../../helpers/browser-launch.js'
import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

describe('skctl emulator open', () => {
  it('hands a one-time dashboard sign-in link to the browser, prints it, and the link signs in once', async () => {
    const {env, opened} = recordingBrowser(emulator.env())
    const {code, json} = await runJson<EmulatorOpenResult>(['emulator', 'open'], {env})
    expect(code).toBe(0)
    expect(json.opened).toBe(true)
    expect(json.url).toMatch(new RegExp(`^${emulator.url}/dashboard/login\\?token=[\\w-]{43}$`))
    await expect.poll(opened, {timeout: 10_000}).toBe(json.url)

    const signIn = await fetch(json.url, {redirect: 'manual'})
    expect(signIn.status).toBe(303)
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
    const overview = await fetch(`${emulator.url}/`, {headers: {cookie}})
    expect(overview.status).toBe(200)
    expect(await overview.text()).toContain('<h1>Overview</h1>')
    expect((await fetch(json.url, {redirect: 'manual'})).status).toBe(401)
  })
})
