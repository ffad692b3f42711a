import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

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
  mkdirSync(configDir, {mode: 0o700, recursive: true})
  const file = fileOf(configDir)
  writeFileSync(`${file}.tmp`, `${JSON.stringify(runtime, null, 2)}\n`, {mode: 0o600})
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
