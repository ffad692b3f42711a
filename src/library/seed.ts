import {type EmulatorEndpoint} from '../emulator-control/admin-client.js'
import {applyToEmulator, seedFailure} from '../emulator-control/env-file.js'
import type {EmulatorOptions, RunningEmulator} from '../emulator/index.js'
import {type LoadedEnv, loadEnvFile, parseEnv, prepareEnvSchema} from '../env/load.js'
import type {EnvSpec} from '../env/model.js'
import {pinnedIdsOf, pinRefusal} from '../env/pins.js'
import {CliError} from '../errors.js'
import {PinnedIdError} from '../shared/pinned-ids.js'

// The seed of the library's startEmulator: the same checks and the same apply as `skctl emulator start --seed`.

/** A seed given as an object is checked as the file it stands for: errors name it `seed`. */
async function loadSeed(seed: string | EnvSpec): Promise<LoadedEnv> {
  if (typeof seed === 'string') return loadEnvFile(seed)
  await prepareEnvSchema()
  // Pretty-printed, so the line and column of an error point at a member of the object.
  return {file: 'seed', ...parseEnv(JSON.stringify(seed, null, 2), 'seed')}
}

/** A library caller gets a plain Error: the message, and what to do about it. */
function plain(error: unknown): Error {
  if (!(error instanceof CliError)) return error as Error
  return new Error(error.hint ? `${error.message} (${error.hint})` : error.message, {cause: error})
}

async function applySeed(emulator: RunningEmulator, loaded: LoadedEnv): Promise<void> {
  const endpoint: EmulatorEndpoint = {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    url: emulator.url,
  }
  const report = await applyToEmulator(endpoint, loaded)
  if (report.failed.length > 0) throw seedFailure(loaded.file, report.failed)
}

export async function startSeeded(
  seed: string | EnvSpec,
  options: EmulatorOptions,
  start: (options: EmulatorOptions) => Promise<RunningEmulator>,
): Promise<RunningEmulator> {
  let loaded: LoadedEnv
  let emulator: RunningEmulator
  try {
    loaded = await loadSeed(seed)
    emulator = await start({...options, pinnedIds: pinnedIdsOf(loaded.spec)}).catch((error: unknown) => {
      throw error instanceof PinnedIdError ? pinRefusal(loaded.file, loaded.pins, error.id, error.message) : error
    })
  } catch (error) {
    throw plain(error)
  }
  try {
    await applySeed(emulator, loaded)
  } catch (error) {
    // A seed that does not apply leaves no half-seeded emulator running.
    await emulator.stop()
    throw plain(error)
  }
  return {
    ...emulator,
    reset: async () => {
      await emulator.reset()
      await applySeed(emulator, loaded).catch((error: unknown) => {
        throw plain(error)
      })
    },
  }
}
