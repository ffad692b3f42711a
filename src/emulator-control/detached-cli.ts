import {spawn} from 'node:child_process'
import {closeSync, openSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import {ensurePrivateDirectory, restrictToOwner} from '../shared/private-files.js'
import {CliError, invalidInput} from '../errors.js'
import type {EmulatorRuntime} from './runtime.js'

// `skctl emulator start --detach --export-on-exit FILE`: the export is CLI work (the SDK, the environment file), so
// the background process is not the bare emulator but this CLI itself, running `emulator start` in the foreground
// in a session of its own; it tells the starting command it is ready with one JSON line, and on SIGTERM (what
// `skctl emulator stop` sends) writes the export before it stops, as a foreground start does.

/** Set in the background CLI's environment: announce readiness with a line for the parent, not to a person. */
export const DETACHED_CHILD = 'SKCTL_EMULATOR_DETACHED_CHILD'

/** What the background CLI prints once it listens (and any seed is applied). */
export function readyLine(runtime: EmulatorRuntime): string {
  return `${JSON.stringify({event: 'ready', ...runtime})}\n`
}

/** The arguments of this start, for the background CLI: all of them but --detach and --json. */
const foregroundArgs = (argv: string[]) => argv.filter((arg) => arg !== '--detach' && arg !== '--json')

/** The last `Error: …` (and its `Hint: …`) the background CLI wrote to the log since `from`. */
function failureIn(logFile: string, from: number, code: number | null): CliError {
  const text = readFileSync(logFile).subarray(from).toString('utf8')
  const lines = text.split('\n')
  const at = lines.findLastIndex((line) => line.startsWith('Error: '))
  const message = at >= 0 ? lines[at]!.slice('Error: '.length) : `the emulator did not start (exit ${code})`
  const hint = at >= 0 ? lines[at + 1]?.match(/^Hint: (.*)$/)?.[1] : undefined
  return code === 2 ? invalidInput(message, hint) : new CliError('api_error', message, {hint})
}

export async function startDetachedCli(request: {
  argv: string[]
  bin: string
  clientSecret?: string
  configDir: string
}): Promise<EmulatorRuntime> {
  ensurePrivateDirectory(request.configDir)
  const logFile = join(request.configDir, 'emulator.log')
  const logFd = openSync(logFile, 'a', 0o600)
  restrictToOwner(logFd)
  const from = statSync(logFile).size
  const child = spawn(
    process.execPath,
    [...process.execArgv, request.bin, 'emulator', 'start', ...foregroundArgs(request.argv)],
    {
      detached: true,
      env: {...process.env, [DETACHED_CHILD]: '1'},
      stdio: [request.clientSecret === undefined ? 'ignore' : 'pipe', 'pipe', logFd],
    },
  )
  closeSync(logFd)
  // --client-secret-stdin is among the arguments: the secret read here goes on to the background CLI the same way.
  child.stdin?.on('error', () => {})
  child.stdin?.end(request.clientSecret)
  const stdout = child.stdout!
  const ready = await new Promise<EmulatorRuntime>((resolve, reject) => {
    const lines = createInterface({input: stdout})
    lines.on('line', (line) => {
      if (!line.startsWith('{"event":"ready"')) return
      const {event: _, ...runtime} = JSON.parse(line) as EmulatorRuntime & {event: string}
      resolve(runtime)
    })
    child.once('exit', (code) => reject(failureIn(logFile, from, code)))
  })
  stdout.destroy()
  child.unref()
  return {...ready, detached: true, logFile}
}
