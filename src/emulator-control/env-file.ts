import {resolve} from 'node:path'

import {Api} from '../api/client.js'
import {type ApplyFailure, applyPlan} from '../env/apply.js'
import {planAgainst} from '../env/compute.js'
import {type ExportSummary, exportEnvironment} from '../env/export.js'
import type {LoadedEnv} from '../env/load.js'
import {pinnedIdsOf, pinRefusal} from '../env/pins.js'
import {CliError} from '../errors.js'
import {ExportSink} from '../import/export-sink.js'
import {count} from '../output/plural.js'
import {AdminAnswerError, adminRequest, type EmulatorEndpoint} from './admin-client.js'
import type {EmulatorRuntime} from './runtime.js'

// The emulator and an environment file: export, import, seed and export-on-exit all go through the same env export
// and env apply code as `skctl env`, from the CLI side (the emulator itself never imports CLI code).

/** The SDK seam for a running emulator. */
export function emulatorApi(endpoint: EmulatorEndpoint): Api {
  return new Api({
    clientId: endpoint.clientId,
    clientSecret: endpoint.clientSecret,
    environmentUrl: endpoint.url,
  })
}

/**
 * Writes the emulator's state, users included, as an environment file: to `output` through a temporary sibling
 * renamed into place (a failure leaves any previous file as it was), or to standard output when `output` is absent.
 */
export async function exportEmulatorState(api: Api, output?: string): Promise<ExportSummary & {complete: boolean}> {
  const sink = new ExportSink(output)
  try {
    const summary = await exportEnvironment(api, sink, {ids: true, users: true})
    await sink.finish()
    return {...summary, complete: !sink.closed}
  } catch (error) {
    await sink.discard()
    throw error
  }
}

export interface SeedReport {
  applied: number
  failed: ApplyFailure[]
}

/** Pins go to the emulator in parts that stay well under its request size limit. */
const PINS_PER_REQUEST = 4000

/**
 * Hands the file's pinned ids to the emulator, for the creates that follow; a pin it refuses (its id taken by
 * something else) is a bad file, pointing at the pin's line.
 */
export async function reservePins(endpoint: EmulatorEndpoint, loaded: LoadedEnv): Promise<void> {
  const pins = pinnedIdsOf(loaded.spec)
  for (let i = 0; i === 0 || i < pins.length; i += PINS_PER_REQUEST) {
    const part = {append: i > 0, pins: pins.slice(i, i + PINS_PER_REQUEST)}
    try {
      await adminRequest(endpoint, 'POST', '/_emulator/pinned-ids', part)
    } catch (error) {
      const answer = error instanceof AdminAnswerError ? error.answer : undefined
      if (answer?.error === 'pinned_id_conflict' && typeof answer.id === 'string') {
        throw pinRefusal(loaded.file, loaded.pins, answer.id, error instanceof Error ? error.message : '')
      }
      throw error
    }
  }
}

/**
 * Makes the emulator match the file (what env apply does, without --prune): creates and updates only, with the
 * file's pinned ids.
 */
export async function applyToEmulator(
  endpoint: EmulatorEndpoint,
  loaded: LoadedEnv,
  options: {concurrency?: number; signal?: AbortSignal} = {},
): Promise<SeedReport> {
  await reservePins(endpoint, loaded)
  const api = emulatorApi(endpoint)
  const {spec} = loaded
  const {plan, remote} = await planAgainst(api, spec, {pinsHonoured: true, prune: false})
  if (plan.changes.length === 0) return {applied: 0, failed: []}
  return applyPlan(api, spec, remote, plan, {
    concurrency: options.concurrency ?? 8,
    signal: options.signal ?? new AbortController().signal,
  })
}

/** A seed that did not apply completely, as one error naming the first failures. */
export function seedFailure(file: string, failed: ApplyFailure[]): CliError {
  const first = failed
    .slice(0, 3)
    .map((f) => `${f.change.action} ${f.change.resource} ${f.change.key}: ${f.error.message}`)
    .join('; ')
  return new CliError('api_error', `${count(failed.length, 'change')} of ${file} failed on the emulator: ${first}`, {
    hint: `fix ${file} and run again; skctl env plan -f ${file} against an emulator shows what it would change`,
  })
}

/** What the runtime record keeps of a seed, for `emulator reset`: its absolute path (nothing for standard input). */
export function seedPath(seed: LoadedEnv | undefined): {seed?: string} {
  return seed && seed.file !== '-' ? {seed: resolve(seed.file)} : {}
}

const endpointOf = (runtime: EmulatorRuntime, clientSecret: string): EmulatorEndpoint => ({
  clientId: runtime.clientId,
  clientSecret,
  url: runtime.url,
})

/** Applies a checked seed file to a just-started (or just-reset) emulator; any failed change is an error. */
export async function seedEmulator(runtime: EmulatorRuntime, clientSecret: string, seed: LoadedEnv): Promise<number> {
  const report = await applyToEmulator(endpointOf(runtime, clientSecret), seed)
  if (report.failed.length > 0) throw seedFailure(seed.file, report.failed)
  return report.applied
}

/** The export of --export-on-exit: the file is replaced only by a complete export; a failure says so and exits 1. */
export async function exportOnExit(runtime: EmulatorRuntime, clientSecret: string, file: string): Promise<string> {
  try {
    const summary = await exportEmulatorState(emulatorApi(endpointOf(runtime, clientSecret)), file)
    return `${count(summary.organizations, 'organization')}, ${count(summary.users ?? 0, 'user')}`
  } catch (error) {
    throw new CliError('api_error', `could not export the emulator's state to ${file}: ${(error as Error).message}`, {
      hint: 'any earlier file there is unchanged; check the path and its directory, or keep state with --data-dir',
    })
  }
}
