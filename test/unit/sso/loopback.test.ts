import {createServer} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {type CallbackAnswer, Loopback} from '../../../src/sso/loopback.js'

const open: Loopback[] = []
afterEach(async () => {
  for (const l of open.splice(0)) await l.close()
})

const done = async (p: URLSearchParams): Promise<CallbackAnswer> => ({
  message: p.get('code') ?? '',
  ok: true,
  title: 'Done',
  type: 'page',
})

async function start(handle: (p: URLSearchParams) => Promise<CallbackAnswer> = done) {
  const loopback = await Loopback.start({handle, path: '/callback', port: 0})
  open.push(loopback)
  return loopback
}

describe('Loopback', () => {
  it('serves its one path, 404 elsewhere (a favicon does not consume the callback), and refuses a second callback', async () => {
    let calls = 0
    const loopback = await start(async (p) => {
      calls++
      return {message: `code ${p.get('code')}`, ok: true, title: 'Done', type: 'page'}
    })
    expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    const base = loopback.redirectUri.replace('/callback', '')
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404)
    const first = await fetch(`${loopback.redirectUri}?code=<b>1</b>`)
    expect(first.status).toBe(200)
    const html = await first.text()
    expect(html).toContain('code &lt;b&gt;1&lt;/b&gt;')
    expect(html).not.toMatch(/<(script|img|link)\b/)
    expect((await fetch(`${loopback.redirectUri}?code=2`)).status).toBe(409)
    expect(calls).toBe(1)
  })

  it('lets the first of three concurrent copies of a callback win; the others get 409 and never reach the handler', async () => {
    let calls = 0
    let answered = 0
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // The first answer is held back until every copy has either reached the handler or been answered, so the
    // copies are in flight together whichever way the server treats them.
    const settle = () => {
      if (calls + answered >= 3) release()
    }
    const loopback = await start(async (p) => {
      calls++
      settle()
      await gate
      return {message: `code ${p.get('code')}`, ok: true, title: 'Done', type: 'page'}
    })
    const copies = [1, 2, 3].map((n) =>
      fetch(`${loopback.redirectUri}?code=same&state=same&copy=${n}`).then((res) => {
        answered++
        settle()
        return res.status
      }),
    )
    const statuses = await Promise.all(copies)
    expect(calls).toBe(1)
    expect(statuses.toSorted()).toEqual([200, 409, 409])
    expect((await fetch(loopback.redirectUri)).status).toBe(409)
  })

  it('a redirect answer frees the callback for the next request, but not copies that arrived meanwhile', async () => {
    let n = 0
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let entered: () => void = () => {}
    const handling = new Promise<void>((resolve) => {
      entered = resolve
    })
    const loopback = await start(async () => {
      if (n++ > 0) return {message: 'ok', ok: true, title: 'Done', type: 'page'}
      entered()
      await gate
      return {location: 'http://127.0.0.1:1/authorize', type: 'redirect'}
    })
    const first = fetch(loopback.redirectUri, {redirect: 'manual'})
    await handling
    // While the first is handled a copy is refused; the handler has not been entered twice.
    const copy = await fetch(loopback.redirectUri)
    expect(copy.status).toBe(409)
    release()
    expect((await first).status).toBe(302)
    expect((await fetch(loopback.redirectUri)).status).toBe(200)
    expect(n).toBe(2)
  })

  it('passes redirects through without finishing (IdP-initiated restart)', async () => {
    let n = 0
    const loopback = await start(async () =>
      n++ === 0
        ? {location: 'http://127.0.0.1:1/authorize', type: 'redirect'}
        : {message: 'ok', ok: true, title: 'Done', type: 'page'},
    )
    const redirect = await fetch(loopback.redirectUri, {redirect: 'manual'})
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe('http://127.0.0.1:1/authorize')
    expect((await fetch(loopback.redirectUri)).status).toBe(200)
  })

  it('refuses a non-loopback Host header', async () => {
    const loopback = await start()
    const {request} = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      request(loopback.redirectUri, {headers: {host: 'evil.example'}}, (res) => resolve(res.statusCode ?? 0)).end()
    })
    expect(status).toBe(403)
  })

  it('a busy fixed port is a usage error with the fix, and the port is freed on close', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const {port} = blocker.address() as {port: number}
    await expect(
      Loopback.start({handle: async () => ({message: '', ok: true, title: '', type: 'page'}), path: '/callback', port}),
    ).rejects.toMatchObject({
      exit: 2,
      message: `port ${port} on 127.0.0.1 is already in use`,
    })
    await new Promise((resolve) => blocker.close(resolve))
    const loopback = await Loopback.start({
      handle: async () => ({message: '', ok: true, title: '', type: 'page'}),
      path: '/callback',
      port,
    })
    await loopback.close()
    const again = await Loopback.start({
      handle: async () => ({message: '', ok: true, title: '', type: 'page'}),
      path: '/callback',
      port,
    })
    await again.close()
  })
})
