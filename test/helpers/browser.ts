import {type Browser, chromium} from 'playwright-core'

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
