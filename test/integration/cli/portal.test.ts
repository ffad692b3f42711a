import {describe, expect, it} from 'vitest'

import {recordingBrowser} from '../../helpers/browser-launch.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const emulator = useEmulator()

interface Link {
  expireTime: string
  id: string
  location: string
  opened?: boolean
  organizationId: string
}

describe('skctl portal link', () => {
  it('generates a link that leads to a page naming the organization', async () => {
    const org = await runJson<{id: string}>(['orgs', 'create', '--name', 'Portal Co', '--external-id', 'portal-1'], {
      env: emulator.env(),
    })
    const {code, json} = await runJson<Link>(['portal', 'link', 'portal-1'], {env: emulator.env()})
    expect(code).toBe(0)
    expect(json.organizationId).toBe(org.json.id)
    expect(json.id).toMatch(/^lnk_\d+$/)
    expect(json.location).toMatch(new RegExp(`^${emulator.url}/magicLink/[0-9a-f-]+_p$`))
    expect(Date.parse(json.expireTime)).toBeGreaterThan(Date.now())
    const page = await fetch(json.location)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Portal Co')
  })

  it('prints the URL on stdout and on stderr that it works once and for a minute', async () => {
    const {code, stdout, stderr} = await run(['portal', 'link', 'portal-1'], {env: emulator.env()})
    expect(code).toBe(0)
    expect(stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/magicLink\/\S+$/)
    const note =
      /^One-time link, expires in (\d+) s \(\d{4}-\d\d-\d\dT\S+\): generate it at the moment you send it, or open it yourself with --open\.$/m.exec(
        stderr,
      )
    expect(note, stderr).not.toBeNull()
    expect(Number(note?.[1])).toBeGreaterThan(0)
    expect(Number(note?.[1])).toBeLessThanOrEqual(60)
    expect(stderr).not.toMatch(/send it to them/i)
  })

  it('--help says the link is one-time and expires after one minute', async () => {
    const {code, stdout} = await run(['portal', 'link', '--help'])
    expect(code).toBe(0)
    const help = stdout.replaceAll(/\s+/g, ' ') // help wraps at the terminal width
    expect(help).toMatch(/works once and expires after one minute/)
    expect(help).toMatch(/generate it at the moment you send it, or open it yourself with --open/)
    expect(help).not.toMatch(/Send it to them/)
  })

  it('--open hands the URL to the browser and still prints it', async () => {
    const {env, opened} = recordingBrowser(emulator.env())
    const {code, json} = await runJson<Link>(['portal', 'link', 'portal-1', '--open'], {env})
    expect(code).toBe(0)
    expect(json.opened).toBe(true)
    await expect.poll(opened, {timeout: 10_000}).toBe(json.location)
  })

  it('a browser that cannot be launched is a warning, not an error', async () => {
    const env = emulator.env({PATH: '/nonexistent'})
    const {code, stdout, stderr} = await run(['portal', 'link', 'portal-1', '--open'], {env})
    expect(code).toBe(0)
    expect(stdout).toMatch(/magicLink/)
    expect(stderr).toMatch(/Warning: could not open a browser/)
  })

  it('an unknown organization exits 4', async () => {
    expect((await run(['portal', 'link', 'org_123456789'], {env: emulator.env()})).code).toBe(4)
    expect((await run(['portal', 'link', 'no-such-external-id'], {env: emulator.env()})).code).toBe(4)
  })
})
