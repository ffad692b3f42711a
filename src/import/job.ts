import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import {dirname, join} from 'node:path'

import {invalidInput} from '../errors.js'
import type {InputFacts} from './input-file.js'

/** What happened to rows; every row read lands in exactly one of these. */
export interface Counts {
  created: number
  existing: number
  updated: number
  failed: number
  skipped: number
}

export const emptyCounts = (): Counts => ({created: 0, existing: 0, updated: 0, failed: 0, skipped: 0})

/** Byte lengths of the report files that the checkpoint vouches for. */
export interface ReportOffsets {
  errors: number
  retry: number
  mapping: number
}

/**
 * An import's durable progress. Rows are numbered in reading order; every row below `watermark` is done, and so
 * is every row in `done` (finished out of order while an earlier one was still in flight).
 */
export interface Checkpoint {
  version: 1
  jobId: string
  command: string
  inputs: InputFacts[]
  /** The options that shape results; a resume must use the same. */
  options: Record<string, unknown>
  /** Organizations created or found, by their id in the source system (migrations). */
  organizations: Record<string, string>
  organizationCounts: Counts
  organizationsDone: boolean
  watermark: number
  done: number[]
  counts: Counts
  membershipsAdded: number
  reports: ReportOffsets
  startedAt: string
  elapsedMs: number
  finished: boolean
}

/** Job ids name a file; keep them to a safe alphabet. */
export function assertJobId(id: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || id.startsWith('.')) {
    throw invalidInput(`--job-id "${id}" may use letters, digits, ".", "_" and "-" (at most 64)`)
  }
  return id
}

export const checkpointPath = (configDir: string, jobId: string) => join(configDir, 'imports', `${jobId}.json`)

export function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = JSON.parse(text) as Checkpoint
    if (parsed.version === 1) return parsed
  } catch {
    // Not JSON: reported below like any other damage.
  }
  throw invalidInput(`the checkpoint ${path} is damaged`, 'delete it to start the import over')
}

/** Atomic: a crash leaves the previous checkpoint or the new one, never half of one. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(path), {mode: 0o700, recursive: true})
  const temporary = `${path}.${process.pid}.tmp`
  try {
    const fd = openSync(temporary, 'w', 0o600)
    try {
      writeSync(fd, JSON.stringify(checkpoint))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}

/**
 * An append-only report file. Lines are buffered and written at checkpoints, and a resume first cuts the file back
 * to the length the checkpoint recorded, so rows redone after a crash are never reported twice and nothing the
 * checkpoint vouches for is ever removed. A write that fails (a full disk) is undone to the last whole line and its
 * lines stay buffered, so the file never ends in half a line.
 */
export class ReportFile {
  private fd: number
  private pending: string[] = []
  private length: number

  constructor(
    readonly path: string,
    keepBytes: number | undefined,
    header?: string,
  ) {
    mkdirSync(dirname(path), {recursive: true})
    this.fd = openSync(path, 'a+', 0o600)
    const size = statSync(path).size
    if (keepBytes !== undefined && size > keepBytes) ftruncateSync(this.fd, keepBytes)
    this.length = Math.min(size, keepBytes ?? size)
    if (this.length === 0 && header) this.pending.push(header)
  }

  append(line: string): void {
    this.pending.push(line)
  }

  /** Writes what is buffered; returns the file's length. */
  flush(): number {
    if (this.pending.length > 0) {
      const bytes = Buffer.from(this.pending.join(''))
      try {
        for (let written = 0; written < bytes.length;) written += writeSync(this.fd, bytes, written)
      } catch (error) {
        // Shrinking needs no space, so this works on a full disk too.
        ftruncateSync(this.fd, this.length)
        throw Object.assign(error as Error, {path: this.path})
      }
      this.pending = []
      this.length += bytes.length
    }
    return this.length
  }

  /** Flushes what it can and closes the file whatever happens; throws what the flush threw. */
  close(): void {
    try {
      this.flush()
    } finally {
      closeSync(this.fd)
    }
  }
}

/** A file written whole: a temporary sibling renamed over the target, so readers never see half of it. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), {recursive: true})
  const temporary = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, text, {mode: 0o600})
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}
