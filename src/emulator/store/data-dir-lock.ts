import {readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const LOCK_FILE = 'emulator.lock'
/** Directories locked by emulators in this process (a pid file cannot tell two of them apart). */
const heldInThisProcess = new Set<string>()

/**
 * Two emulators on one store would each keep counters (ids, sequence numbers) the other cannot see, so a data
 * directory is owned by one emulator at a time.
 * The lock file holds the owner's pid; a lock left by a dead process (kill -9) is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE)
  if (heldInThisProcess.has(dataDir)) throw new Error(`data directory ${dataDir} is in use by another emulator`)
  try {
    writeFileSync(path, String(process.pid), {flag: 'wx', mode: 0o600})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10)
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(`data directory ${dataDir} is in use by another emulator (pid ${owner})`)
    }
    writeFileSync(path, String(process.pid), {mode: 0o600})
  }
  heldInThisProcess.add(dataDir)
  return () => {
    heldInThisProcess.delete(dataDir)
    try {
      if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path)
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
