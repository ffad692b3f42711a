// `skctl/emulator` as app developers import it: everything of the emulator's public entry (src/emulator/index.ts,
// the one door the CLI also goes through), and a startEmulator that also takes an environment file as its seed.
// Seeding is CLI-side work (reading and checking the file, applying it through the SDK, as `skctl emulator start
// --seed` does), so it lives here, outside the emulator, and loads only when a seed is given: importing this module
// stays as cheap as importing the emulator's entry.
import {type EmulatorOptions, type RunningEmulator, startEmulator as startBare} from '../emulator/index.js'
import type {EnvSpec} from '../env/model.js'

export * from '../emulator/index.js'
export type {EnvSpec} from '../env/model.js'

export interface StartEmulatorOptions extends EmulatorOptions {
  /**
   * An environment file to apply once started (the path of a YAML or JSON file, or the file's content as an
   * object), as `skctl emulator start --seed` does: checked first (schema, `${VAR}`s, pinned ids) — a bad one
   * rejects with an Error naming the file, line and column —, pinned ids honoured; `reset()` returns to it.
   */
  seed?: string | EnvSpec
}

/**
 * Starts an emulator in this process: by default on a free port of 127.0.0.1, with state in memory and the
 * published test credentials; with `seed`, holding what that environment file describes. Stop it with `stop()`.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const {seed, ...rest} = options
  if (seed === undefined) return startBare(rest)
  const seeding = await import('./seed.js')
  return seeding.startSeeded(seed, rest, startBare)
}
