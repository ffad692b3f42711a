import {chmodSync, copyFileSync, existsSync, fstatSync, ftruncateSync, renameSync, writeSync} from 'node:fs'

export type LogLevel = 'error' | 'info' | 'warn'

/** 5 MiB: a long afternoon of requests, small enough to page through. */
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024

/** Old files kept beside the live one: `emulator.log.1` (newest) and `emulator.log.2`. */
const KEPT = 2

/**
 * The emulator's log lines carry no level of their own; this reads it from their shape: failures the emulator could
 * not handle are errors, refused requests and webhook deliveries that failed are warnings.
 */
export function levelOf(line: string): LogLevel {
  if (/^error /.test(line) || /^http \S+ \S+ 5\d\d /.test(line)) return 'error'
  if (/^http \S+ \S+ 4\d\d /.test(line)) return 'warn'
  if (/^rpc \S+ (?!ok )/.test(line)) return 'warn'
  if (/^webhooks: /.test(line) || /; (giving up|retrying in)/.test(line)) return 'warn'
  return 'info'
}

/**
 * Writes log lines (`<ISO time> <level> <message>`) to `fd`, an append-mode descriptor of `path` — the detached
 * emulator's stderr — and rotates the file once it passes `maxBytes`. Rotation copies the file aside and truncates
 * it in place rather than renaming it, so the descriptor stays valid: crash output the runtime writes to stderr lands
 * in the live file too. Writes are synchronous, so nothing is written between the copy and the truncation.
 */
export function rotatingLog(fd: number, path: string, maxBytes = DEFAULT_LOG_MAX_BYTES) {
  let size = fstatSync(fd).size
  return (message: string, level: LogLevel = levelOf(message)) => {
    const text = `${new Date().toISOString()} ${level} ${message.replaceAll('\n', '\n    ')}\n`
    const bytes = Buffer.byteLength(text)
    if (size > 0 && size + bytes > maxBytes) {
      rotate(fd, path)
      size = 0
    }
    writeSync(fd, text)
    size += bytes
  }
}

function rotate(fd: number, path: string): void {
  for (let n = KEPT - 1; n >= 1; n--) {
    if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`)
  }
  copyFileSync(path, `${path}.1`)
  chmodSync(`${path}.1`, 0o600)
  ftruncateSync(fd, 0)
}
