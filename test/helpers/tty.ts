import {spawn} from 'node:child_process'

import {BIN} from './cli.js'

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), so it sees a person at a terminal: it may prompt.
 * `answers` are typed in order, each once its prompt text has appeared on screen.
 */
export function runOnTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  answers: Array<{after: RegExp; type: string}>,
  {cols = 120, sized = true} = {},
): Promise<{code: number | null; screen: string}> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  // `script` gives the pseudo-terminal no size; give it one as a real terminal would have.
  const command = sized ? `stty cols ${cols} rows 40; exec ${quoted}` : quoted
  const {CI: _ci, ...terminalEnv} = env
  const child = spawn('script', ['-qfec', command, '/dev/null'], {env: {...terminalEnv, TERM: 'xterm'}, stdio: 'pipe'})
  let screen = ''
  const pending = [...answers]
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk
    const next = pending[0]
    if (next && next.after.test(screen)) {
      pending.shift()
      child.stdin.write(next.type)
    }
  })
  // Never outlive the test: a stuck prompt is killed, and the test then fails on its exit code.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(deadline)
      resolve({code, screen})
    })
  })
}
