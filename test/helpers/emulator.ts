import {afterAll, beforeAll} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import {type EmulatorOptions, type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {cleanEnv} from './cli.js'

export interface EmulatorFixture {
  /** An environment for the CLI pointing at this emulator through SCALEKIT_* variables. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /** Counters of RPCs served, by `Service/Method`. */
  stats(): Promise<{rpc: Record<string, number>; tokens: number}>
  readonly url: string
}

/** One in-process emulator on a free port for the test file, closed after it. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: RunningEmulator | undefined
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
  return {
    env: (extra = {}) =>
      cleanEnv({
        SCALEKIT_CLIENT_ID: clientId,
        SCALEKIT_CLIENT_SECRET: secret,
        SCALEKIT_ENVIRONMENT_URL: url(),
        ...extra,
      }),
    async stats() {
      const basic = Buffer.from(`${clientId}:${secret}`).toString('base64')
      const res = await fetch(`${url()}/_emulator/stats`, {headers: {authorization: `Basic ${basic}`}})
      return (await res.json()) as {rpc: Record<string, number>; tokens: number}
    },
    get url() {
      return url()
    },
  }
}
