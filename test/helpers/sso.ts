import {spawn} from 'node:child_process'

import {BIN} from './cli.js'

/**
 * Starts `skctl sso test --no-browser --port 0 --json` as a person would run it and hands back the authorization URL
 * it prints on stderr (for a browser, or a test acting as one), all of stderr so far, and the outcome.
 */
export function startSsoTest(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, 'sso', 'test', '--no-browser', '--port', '0', '--json', ...args], {
    env,
    stdio: 'pipe',
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
  })
  const url = new Promise<string>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      const found = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m.exec(stderr)?.[1]
      if (found) resolve(found)
    })
  })
  const done = new Promise<{code: number | null; report: SsoReport; stderr: string}>((resolve) => {
    child.on('close', (code) => resolve({code, report: JSON.parse(stdout) as SsoReport, stderr}))
  })
  return {done, stderr: () => stderr, url}
}

export interface SsoStage {
  detail: string
  name: string
  ok: boolean
  reason?: string
}

export interface SsoReport {
  ok: boolean
  scenarios: Array<{
    claims?: Record<string, unknown>
    ok: boolean
    scenario: string
    stages: SsoStage[]
    tokens?: unknown
  }>
}

/**
 * Plays a browser on the emulator's IdP simulator from the authorization URL up to the loopback callback, without
 * following that last redirect: returns the callback URL (code and state) the browser would open.
 */
export async function callbackFromSimulator(authorizeUrl: string, fields: Record<string, string>): Promise<string> {
  const authorize = await fetch(authorizeUrl, {redirect: 'manual'})
  const simulator = new URL(authorize.headers.get('location') ?? '', authorizeUrl)
  if (!simulator.pathname.startsWith('/sso/idp-simulator/')) throw new Error(`authorize went to ${simulator.href}`)
  const posted = await fetch(simulator, {body: new URLSearchParams(fields), method: 'POST', redirect: 'manual'})
  const callback = posted.headers.get('location')
  if (!callback) throw new Error(`the simulator answered HTTP ${posted.status} without a redirect`)
  return new URL(callback, simulator).href
}
