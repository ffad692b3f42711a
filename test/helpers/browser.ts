import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {type Browser, chromium} from 'playwright-core'
import {afterAll, beforeAll} from 'vitest'

/**
 * Debian's Chromium, headless, with the flags this closed network needs (no background networking, no first-run
 * calls home). CHROMIUM_PATH points elsewhere when needed.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  })
}

/**
 * An app's loopback callback for the test file (started before its tests, closed after): Chromium lands on it at
 * the end of a sign-in, and the test reads the code from the page's URL.
 */
export function useCallbackApp(): {readonly url: string} {
  let app: http.Server | undefined
  let url = ''
  beforeAll(async () => {
    app = http.createServer((_request, response) => response.end('Signed in'))
    app.listen(0, '127.0.0.1')
    await once(app, 'listening')
    url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`
  })
  afterAll(async () => {
    app?.closeAllConnections()
    await new Promise((resolve) => app?.close(resolve))
  })
  return {
    get url() {
      return url
    },
  }
}
