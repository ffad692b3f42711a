import {closeSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs'
import {join} from 'node:path'

import {ensurePrivateDirectory, restrictToOwner} from '../shared/private-files.js'

/** What `skctl emulator start` records so that stop, status and reset can find the running emulator. */
export interface EmulatorRuntime {
  clientId: string
  dataDir: string | null
  detached: boolean
  host: string
  logFile: string | null
  pid: number
  port: number
  startedAt: string
  url: string
  /** The environment file given to --seed (absolute): skctl emulator reset applies it again. */
  seed?: string
  /** The file of --export-on-exit (absolute): the emulator writes it when stopped. */
  exportOnExit?: string
}

const fileOf = (configDir: string) => join(configDir, 'emulator.json')

export function readRuntime(configDir: string): EmulatorRuntime | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(configDir), 'utf8')) as EmulatorRuntime
  } catch {
    return undefined
  }
}

export function writeRuntime(configDir: string, runtime: EmulatorRuntime): void {
  ensurePrivateDirectory(configDir)
  const file = fileOf(configDir)
  const fd = openSync(`${file}.tmp`, 'w', 0o600)
  try {
    // A temp file left behind by a crash keeps its mode; the record must not inherit a loosened one.
    restrictToOwner(fd)
    writeSync(fd, `${JSON.stringify(runtime, null, 2)}\n`)
  } finally {
    closeSync(fd)
  }
  renameSync(`${file}.tmp`, file)
}

export function removeRuntime(configDir: string, pid?: number): void {
  // Only the process that wrote the record removes it, so a second emulator's record survives the first's exit.
  if (pid !== undefined && readRuntime(configDir)?.pid !== pid) return
  rmSync(fileOf(configDir), {force: true})
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface Health {
  clientId: string
  dataDir: string | null
  ok: boolean
  pid: number
}

/** Asks the emulator itself; undefined when nothing answers at that URL. */
export async function health(url: string): Promise<Health | undefined> {
  return (await identify(url)).health
}

/** Node's codes for a TLS certificate it cannot vouch for: the local CA of `emulator start --tls`, untrusted. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

/**
 * What answers at `url`: an skctl emulator (with its health), something else, or nothing at all — `untrusted` when a
 * TLS server answered with a certificate this process does not trust.
 */
export async function identify(url: string): Promise<{answered: boolean; health?: Health; untrusted?: boolean}> {
  let res: Response
  try {
    res = await fetch(`${url}/_emulator/health`, {signal: AbortSignal.timeout(2000)})
  } catch (error) {
    const code = (error as {cause?: {code?: string}}).cause?.code
    return {answered: false, untrusted: code !== undefined && UNTRUSTED_CERTIFICATE.has(code)}
  }
  const body = res.ok ? ((await res.json().catch(() => undefined)) as Health | undefined) : undefined
  return {answered: true, health: body?.ok ? body : undefined}
}
