import {stat} from 'node:fs/promises'
import {Worker} from 'node:worker_threads'

import {CliError} from '../errors.js'
import {registerSecret} from '../redact.js'
import type {LoadedEnv} from './load.js'
import type {LoadOutcome} from './load-worker.js'

/**
 * Below this size a file parses faster than a thread starts. Above it (a few hundred organizations), parsing and
 * checking take a few hundred milliseconds of the one thread that also loads the SDK and sends the first reads.
 */
const THREAD_AT_LEAST_BYTES = 256 * 1024

/**
 * loadEnvFile, on a thread of its own for a large file, so the caller can load the SDK and start reading the
 * environment meanwhile. The outcome is the same: the file's checks, errors and secrets (registered here, with
 * the redactor of the thread that prints). Standard input and small files are read right here.
 */
export async function loadEnvFileAside(path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedEnv> {
  const size =
    path === '-'
      ? 0
      : await stat(path).then(
          (s) => s.size,
          () => 0,
        )
  // Imported here, not above: when the thread does the work, this one need not load the parser and the validator.
  if (size < THREAD_AT_LEAST_BYTES) return (await import('./load.js')).loadEnvFile(path, env)
  const outcome = await new Promise<LoadOutcome>((resolve, reject) => {
    const worker = new Worker(new URL('load-worker.js', import.meta.url), {env, workerData: {path}})
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the environment file reader stopped (exit ${code})`)))
  })
  if ('crashed' in outcome) throw new Error(outcome.crashed)
  if ('failed' in outcome) throw new CliError(outcome.failed.code, outcome.failed.message, {hint: outcome.failed.hint})
  for (const secret of outcome.loaded.secrets) registerSecret(secret)
  return {file: path, spec: outcome.loaded.spec, pins: outcome.loaded.pins}
}
