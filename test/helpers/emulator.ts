import {homedir} from 'node:os'
import {join} from 'node:path'

import type {ScalekitClient} from '@scalekit-sdk/node'
import {afterAll, afterEach, beforeAll} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {type EmulatorOptions, type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {stopEmulator} from '../../src/emulator-control/stop.js'
import {cleanEnv} from './cli.js'

export interface EmulatorFixture {
  /** An admin call (`/_emulator/…`) with the client's credentials; the JSON answer. Fails on an error status. */
  admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>
  /** An environment for the CLI pointing at this emulator through SCALEKIT_* variables. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /**
   * A real SDK client with the same credentials, for setting up and inspecting state in-process: far cheaper than
   * spawning the CLI where the test is not about what the CLI shows. One per emulator; the SDK loads on first use.
   */
  sdk(): Promise<ScalekitClient>
  /** Counters of RPCs served, by `Service/Method`. */
  stats(): Promise<{rpc: Record<string, number>; tokens: number}>
  readonly url: string
}

/** One in-process emulator on a free port for the test file, closed after it. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: RunningEmulator | undefined
  let client: {client: Promise<ScalekitClient>; url: string} | undefined
  const secret = options.clientSecret ?? DEFAULT_CLIENT_SECRET
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID
  beforeAll(async () => {
    emulator = await startEmulator({port: 0, ...options})
  })
  afterAll(async () => {
    await emulator?.close()
  })
  const url = () => {
    if (!emulator) throw new Error('the emulator is not running')
    return emulator.url
  }
  async function admin(method: string, path: string, body?: unknown) {
    const basic = Buffer.from(`${clientId}:${secret}`).toString('base64')
    const res = await fetch(`${url()}${path}`, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {authorization: `Basic ${basic}`, 'content-type': 'application/json'},
      method,
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
  return {
    env: (extra = {}) =>
      cleanEnv({
        SCALEKIT_CLIENT_ID: clientId,
        SCALEKIT_CLIENT_SECRET: secret,
        SCALEKIT_ENVIRONMENT_URL: url(),
        ...extra,
      }),
    admin,
    sdk() {
      if (client?.url !== url()) {
        const at = url()
        client = {client: import('@scalekit-sdk/node').then((m) => new m.ScalekitClient(at, clientId, secret)), url: at}
      }
      return client.client
    },
    async stats() {
      return (await admin('GET', '/_emulator/stats')) as unknown as {rpc: Record<string, number>; tokens: number}
    },
    get url() {
      return url()
    },
  }
}

/** The config directory the CLI uses in this environment (oclif's: SKCTL_CONFIG_DIR, else the XDG one). */
export function configDirOf(env: NodeJS.ProcessEnv): string {
  return env.SKCTL_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'skctl')
}

/**
 * For tests of detached emulators (`skctl emulator start`): returns a function giving each test a config directory
 * of its own; every emulator started from one is stopped after the test (in-process, as `skctl emulator stop`
 * does it: the command itself has its own tests, and a spawn per test adds up).
 */
export function useEmulatorSandboxes(): () => NodeJS.ProcessEnv {
  const envs: NodeJS.ProcessEnv[] = []
  afterEach(async () => {
    for (const env of envs.splice(0)) await stopEmulator(configDirOf(env))
  })
  return () => {
    const env = cleanEnv()
    envs.push(env)
    return env
  }
}
