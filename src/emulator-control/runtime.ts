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
  try {
    const res = await fetch(`${url}/_emulator/health`, {signal: AbortSignal.timeout(2000)})
    return res.ok ? ((await res.json()) as Health) : undefined
  } catch {
    return undefined
  }
}
