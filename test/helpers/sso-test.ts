import {spawn} from 'node:child_process'

import {BIN} from './cli.js'

/** Starts `skctl sso test --no-browser` and hands back the URL it prints, and its outcome. */
export function startSsoTest(env: NodeJS.ProcessEnv, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'sso', 'test', '--no-browser', '--port', '0', '--json', ...args], {
    env,
    stdio: 'pipe',
  })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
  })
  const url = new Promise<string>((resolve) => {
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      const found = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m.exec(stderr)?.[1]
      if (found) resolve(found)
    })
  })
  const done = new Promise<{code: number | null; report: {ok: boolean}}>((resolve) => {
    child.on('exit', (code) => resolve({code, report: JSON.parse(stdout)}))
  })
  return {done, url}
}
