import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {tempDir} from './tmp.js'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface RunResult {
  code: number | null
  stderr: string
  stdout: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  input?: string
}

/** The environment a user's shell would give the CLI, minus anything of the developer's. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_ENV=test (set by vitest) would put oclif in development mode; users do not run with it.
    const foreign = k.startsWith('SCALEKIT_') || k.startsWith('SKCTL_') || k.startsWith('VITEST')
    if (!foreign && k !== 'NODE_OPTIONS' && k !== 'NODE_ENV') env[k] = v
  }
  return {
    ...env,
    CI: 'true',
    NO_COLOR: '1',
    SKCTL_CONFIG_DIR: tempDir('skctl-config-'),
    SKCTL_NO_KEYCHAIN: '1',
    ...extra,
  }
}

/** Runs the built `bin/run.js` as a user would: a separate process, stdin closed unless `input` is given. */
export function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {env: options.env ?? cleanEnv(), stdio: 'pipe'})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stderr, stdout}))
    // A command that never reads its input (what some tests check) closes the pipe before a large input is written.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error)
    })
    child.stdin.end(options.input ?? '')
  })
}

/** Runs with --json and parses stdout, which must be exactly one JSON document. */
export async function runJson<T = Record<string, unknown>>(args: string[], options: RunOptions = {}) {
  const result = await run([...args, '--json'], options)
  let json: T
  try {
    json = JSON.parse(result.stdout) as T
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    )
  }
  return {...result, json}
}

/**
 * Starts the built CLI and leaves it running, for commands that wait: `stderrMatching` resolves once stderr matches
 * (the command has reached that point), `exited` with everything it printed, `child` to signal it.
 */
export function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  const watchers: Array<{pattern: RegExp; resolve: (text: string) => void}> = []
  const stdoutWatchers: typeof watchers = []
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    for (const w of stdoutWatchers.filter((x) => x.pattern.test(stdout))) {
      stdoutWatchers.splice(stdoutWatchers.indexOf(w), 1)
      w.resolve(stdout)
    }
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
    for (const w of watchers.filter((x) => x.pattern.test(stderr))) {
      watchers.splice(watchers.indexOf(w), 1)
      w.resolve(stderr)
    }
  })
  const exited = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      for (const w of watchers.splice(0)) w.resolve(stderr)
      for (const w of stdoutWatchers.splice(0)) w.resolve(stdout)
      resolve({code, stderr, stdout})
    })
  })
  const stderrMatching = (pattern: RegExp) =>
    pattern.test(stderr) ? Promise.resolve(stderr) : new Promise<string>((resolve) => watchers.push({pattern, resolve}))
  const stdoutMatching = (pattern: RegExp) =>
    pattern.test(stdout)
      ? Promise.resolve(stdout)
      : new Promise<string>((resolve) => stdoutWatchers.push({pattern, resolve}))
  return {child, exited, stderrMatching, stdoutMatching}
}
