import {parentPort, workerData} from 'node:worker_threads'

import {CliError} from '../errors.js'
import {readEnvFile} from './load.js'

// The entry of the thread backgroundLoad starts: reads and checks one environment file and posts the outcome —
// the file in the file's shape with the secrets its references stand for, or the error a person fixes the file by.

/** What the thread posts back. */
export type LoadOutcome =
  | {loaded: Awaited<ReturnType<typeof readEnvFile>>}
  | {failed: {code: CliError['code']; hint?: string; message: string}}
  | {crashed: string}

const {path} = workerData as {path: string}
let outcome: LoadOutcome
try {
  outcome = {loaded: await readEnvFile(path, process.env)}
} catch (error) {
  // Anything but a CliError is a fault of the program: its text still goes back, to be reported the usual way.
  outcome =
    error instanceof CliError
      ? {failed: {code: error.code, hint: error.hint, message: error.message}}
      : {crashed: error instanceof Error ? (error.stack ?? error.message) : String(error)}
}
parentPort?.postMessage(outcome)
