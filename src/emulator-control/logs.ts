import {closeSync, openSync, readFileSync, readSync, statSync, watch} from 'node:fs'
import {join} from 'node:path'

import {CliError} from '../errors.js'
import {readRuntime} from './runtime.js'

export const LOG_LEVELS = ['error', 'warn', 'info'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface LogEntry {
  level: LogLevel
  /** The message; a multi-line one (a stack trace) keeps its lines. */
  message: string
  /** ISO time, or null for output the emulator's logger did not write (a crash, a refused start). */
  time: string | null
}

/** The detached emulator writes `<ISO time> <level> <message>`, continuation lines indented by four spaces. */
const LINE = /^(\d{4}-\d\d-\d\dT\S+Z) (error|warn|info) (.*)$/

/** The log of the detached emulator of this config directory, whether or not it still runs. */
export function emulatorLogFile(configDir: string): string {
  const file = readRuntime(configDir)?.logFile ?? join(configDir, 'emulator.log')
  try {
    statSync(file)
  } catch {
    throw new CliError('not_found', `no emulator log at ${file}`, {
      hint: 'only a detached emulator keeps a log: skctl emulator start --detach',
    })
  }
  return file
}

/** Turns whole lines of log text into entries. */
export function parseLog(text: string): LogEntry[] {
  const entries: LogEntry[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const match = LINE.exec(line)
    const last = entries.at(-1)
    if (match) entries.push({level: match[2] as LogLevel, message: match[3] ?? '', time: match[1] ?? null})
    else if (line.startsWith('    ') && last) last.message += `\n${line.slice(4)}`
    // Anything else reached stderr outside the logger: a failed start or a crash.
    else entries.push({level: 'error', message: line, time: null})
  }
  return entries
}

/** `--level warn` shows warnings and errors; `info` shows everything. */
export function atLeast(level: LogLevel): (entry: LogEntry) => boolean {
  const rank = LOG_LEVELS.indexOf(level)
  return (entry) => LOG_LEVELS.indexOf(entry.level) <= rank
}

/** The last `lines` entries passing `keep`, and the byte offset following from there. */
export function readLog(file: string, keep: (entry: LogEntry) => boolean, lines: number) {
  const buffer = readFileSync(file)
  // Only whole lines: a line being written is read next time.
  const end = buffer.lastIndexOf(0x0a) + 1
  const entries = parseLog(buffer.subarray(0, end).toString('utf8')).filter(keep)
  return {entries: lines === 0 ? [] : entries.slice(-lines), offset: end}
}

/**
 * Calls `onEntry` for each entry appended after `offset` until the returned stop function is called. It waits for
 * file events, not a timer; a file truncated by rotation is read again from its start.
 */
export function followLog(file: string, offset: number, onEntry: (entry: LogEntry) => void): () => void {
  let position = offset
  let partial = ''
  const readMore = () => {
    const size = statSync(file).size
    if (size < position) {
      position = 0
      partial = ''
    }
    if (size === position) return
    const fd = openSync(file, 'r')
    try {
      const chunk = Buffer.alloc(size - position)
      const read = readSync(fd, chunk, 0, chunk.length, position)
      position += read
      const text = partial + chunk.subarray(0, read).toString('utf8')
      const cut = text.lastIndexOf('\n') + 1
      partial = text.slice(cut)
      for (const entry of parseLog(text.slice(0, cut))) onEntry(entry)
    } finally {
      closeSync(fd)
    }
  }
  const watcher = watch(file, readMore)
  readMore()
  return () => watcher.close()
}
