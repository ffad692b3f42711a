import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from './tmp.js'

/**
 * The OS browser launch is the one thing mocked: xdg-open honours $BROWSER, pointed here at a script that records
 * the URL it was given. Headless here: with no display, xdg-open goes straight to $BROWSER.
 */
export function recordingBrowser(env: NodeJS.ProcessEnv): {env: NodeJS.ProcessEnv; opened: () => string} {
  const dir = tempDir()
  const record = join(dir, 'opened.txt')
  const browser = join(dir, 'browser.sh')
  writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`)
  chmodSync(browser, 0o755)
  const withBrowser: NodeJS.ProcessEnv = {...env, BROWSER: browser}
  delete withBrowser.DISPLAY
  delete withBrowser.WAYLAND_DISPLAY
  return {env: withBrowser, opened: () => readFileSync(record, 'utf8')}
}
