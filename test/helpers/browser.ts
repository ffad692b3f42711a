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

/** The app's loopback callback, where Chromium lands at the end of a login; `url` is its `/callback`. */
export async function startCallbackApp(): Promise<{url: string; close: () => Promise<void>}> {
  const app = http.createServer((_request, response) => response.end('Signed in'))
  app.listen(0, '127.0.0.1')
  await once(app, 'listening')
  return {
    url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`,
    async close() {
      app.closeAllConnections()
      await new Promise((resolve) => app.close(resolve))
    },
  }
}

/** {@link startCallbackApp} for the whole test file: started before its tests, closed after. */
export function useCallbackApp(): {readonly url: string} {
  let app: Awaited<ReturnType<typeof startCallbackApp>> | undefined
  beforeAll(async () => {
    app = await startCallbackApp()
  })
  afterAll(async () => app?.close())
  return {
    get url() {
      return app?.url ?? ''
    },
  }
}
