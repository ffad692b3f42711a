import {statSync} from 'node:fs'
import {setTimeout as delay} from 'node:timers/promises'

import {CliError} from '../errors.js'
import {type EmulatorRuntime, isAlive, readRuntime, removeRuntime} from './runtime.js'

const STOP_TIMEOUT_MS = 10_000
/** An emulator that exports its state on the way out (--export-on-exit) may take longer to go. */
const EXPORTING_STOP_TIMEOUT_MS = 120_000

const modified = (file: string) => statSync(file, {throwIfNoEntry: false})?.mtimeMs

/**
 * Sends SIGTERM and waits (bounded) for the process to go; undefined when none was running. For an emulator started
 * with --export-on-exit, `exported` says whether it wrote its file (a failed export leaves the previous one).
 */
export async function stopEmulator(configDir: string): Promise<(EmulatorRuntime & {exported?: boolean}) | undefined> {
  const runtime = readRuntime(configDir)
  if (!runtime || !isAlive(runtime.pid)) {
    removeRuntime(configDir)
    return undefined
  }
  const before = runtime.exportOnExit === undefined ? undefined : modified(runtime.exportOnExit)
  process.kill(runtime.pid, 'SIGTERM')
  const deadline = Date.now() + (runtime.exportOnExit ? EXPORTING_STOP_TIMEOUT_MS : STOP_TIMEOUT_MS)
  // The emulator is not our child, so there is no exit event to wait for: poll its pid.
  while (isAlive(runtime.pid)) {
    if (Date.now() > deadline) {
      const seconds = (runtime.exportOnExit ? EXPORTING_STOP_TIMEOUT_MS : STOP_TIMEOUT_MS) / 1000
      throw new CliError('api_error', `the emulator (pid ${runtime.pid}) did not stop within ${seconds} s`, {
        hint: `kill ${runtime.pid}`,
      })
    }
    await delay(50)
  }
  removeRuntime(configDir)
  if (runtime.exportOnExit === undefined) return runtime
  const after = modified(runtime.exportOnExit)
  return {...runtime, exported: after !== undefined && after !== before}
}
