import {setTimeout as delay} from 'node:timers/promises'

import {CliError} from '../errors.js'
import {type EmulatorRuntime, isAlive, readRuntime, removeRuntime} from './runtime.js'

const STOP_TIMEOUT_MS = 10_000

/** Sends SIGTERM and waits (bounded) for the process to go; undefined when none was running. */
export async function stopEmulator(configDir: string): Promise<EmulatorRuntime | undefined> {
  const runtime = readRuntime(configDir)
  if (!runtime || !isAlive(runtime.pid)) {
    removeRuntime(configDir)
    return undefined
  }
  process.kill(runtime.pid, 'SIGTERM')
  const deadline = Date.now() + STOP_TIMEOUT_MS
  // The emulator is not our child, so there is no exit event to wait for: poll its pid.
  while (isAlive(runtime.pid)) {
    if (Date.now() > deadline) {
      throw new CliError('api_error', `the emulator (pid ${runtime.pid}) did not stop within 10 s`, {
        hint: `kill ${runtime.pid}`,
      })
    }
    await delay(50)
  }
  removeRuntime(configDir)
  return runtime
}
