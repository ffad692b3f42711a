import {spawn} from 'node:child_process'
import {constants} from 'node:os'

const FORWARDED = ['SIGINT', 'SIGTERM'] as const

/** A signal's exit status the way a shell reports it: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0)
}

/**
 * Runs a program on this process's terminal (stdio inherited) and resolves with its exit status, 128 + n when a
 * signal ended it. Meanwhile SIGINT and SIGTERM are relayed to it: the program decides how to stop. Rejects with
 * spawn's own error when it never started.
 */
export function runInherited(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onRunning: (running: boolean) => void = () => {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {env, stdio: 'inherit'})
    onRunning(true)
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    for (const signal of FORWARDED) process.on(signal, forward)
    const done = () => {
      onRunning(false)
      for (const signal of FORWARDED) process.off(signal, forward)
    }
    child.once('error', (error) => {
      done()
      reject(error)
    })
    child.once('exit', (code, signal) => {
      done()
      resolve(signal ? signalExitCode(signal) : (code ?? 1))
    })
  })
}
