import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import {join} from 'node:path'
import type {Mutation} from './collection.js'

const SNAPSHOT_FILE = 'snapshot.jsonl'
const JOURNAL_FILE = 'journal.jsonl'
const SNAPSHOT_FORMAT = 'skctl-emulator-snapshot/1'
/** Snapshot lines are buffered into writes of about this size. */
const WRITE_CHUNK_CHARS = 1 << 20

/** State that is not a record: the id counter must survive deletes and restarts so ids are never reused. */
export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT
  lastId: string
}

export interface LoadResult {
  /** Neither a snapshot nor a journal existed: the data directory is new. */
  fresh: boolean
  /** The journal holds nothing (not even a torn line), so the snapshot is current. */
  journalEmpty: boolean
  lastId?: bigint
}

/**
 * Durable state in a data directory: a snapshot plus an append-only journal, both JSON lines. Every journal line
 * holds the mutations of one RPC and is written with a synchronous write before the RPC answers, so a killed
 * process (kill -9) loses nothing it acknowledged. It is not fsynced: surviving power loss is not a goal of a
 * local emulator, and fsync per RPC would make bulk imports slow.
 */
export class Journal {
  private fd: number | undefined

  constructor(private readonly dataDir: string) {}

  private get snapshotPath(): string {
    return join(this.dataDir, SNAPSHOT_FILE)
  }

  private get journalPath(): string {
    return join(this.dataDir, JOURNAL_FILE)
  }

  /**
   * Replays snapshot then journal through `apply` (`fromJournal` false for the snapshot's records, whose ids are all
   * covered by its header's counter). A torn last journal line (a write cut off by a kill) is dropped.
   */
  async load(apply: (mutation: Mutation, fromJournal: boolean) => void): Promise<LoadResult> {
    const hasSnapshot = existsSync(this.snapshotPath)
    const hasJournal = existsSync(this.journalPath)
    let lastId: bigint | undefined
    if (hasSnapshot) {
      let header: SnapshotHeader | undefined
      await readJsonLines(this.snapshotPath, false, (value) => {
        if (!header) {
          header = parseHeader(value, this.snapshotPath)
          lastId = BigInt(header.lastId)
        } else {
          for (const mutation of value as Mutation[]) apply(mutation, false)
        }
      })
    }
    const journalEmpty = !hasJournal || statSync(this.journalPath).size === 0
    if (!journalEmpty) {
      await readJsonLines(this.journalPath, true, (value) => {
        for (const mutation of value as Mutation[]) apply(mutation, true)
      })
    }
    return {fresh: !hasSnapshot && !hasJournal, journalEmpty, lastId}
  }

  append(mutations: Mutation[]): void {
    if (mutations.length === 0) return
    this.fd ??= openSync(this.journalPath, 'a', 0o600)
    writeSync(this.fd, `${JSON.stringify(mutations)}\n`)
  }

  /**
   * Writes the whole state as a new snapshot (temp file + rename, so a crash leaves the old or the new one) and
   * then empties the journal. A crash between the two only means the journal is replayed over a snapshot that
   * already contains it, which is harmless because puts and deletes are idempotent.
   */
  compact(lastId: bigint, records: Iterable<Mutation>): void {
    const temp = `${this.snapshotPath}.tmp`
    const fd = openSync(temp, 'w', 0o600)
    try {
      const header: SnapshotHeader = {format: SNAPSHOT_FORMAT, lastId: lastId.toString()}
      let buffer = `${JSON.stringify(header)}\n`
      for (const mutation of records) {
        buffer += `${JSON.stringify([mutation])}\n`
        if (buffer.length >= WRITE_CHUNK_CHARS) {
          writeSync(fd, buffer)
          buffer = ''
        }
      }
      writeSync(fd, buffer)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, this.snapshotPath)
    this.closeJournal()
    writeFileSync(this.journalPath, '', {mode: 0o600})
  }

  close(): void {
    this.closeJournal()
  }

  private closeJournal(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/** Files are read in chunks of this many bytes; lines are cut from them without a line reader's per-line overhead. */
const READ_CHUNK_BYTES = 4 << 20
const NEWLINE = 0x0a

/**
 * Calls `onValue` with each JSON line of `path`, in order. A line that is not JSON is an error unless it is the last
 * one and `tolerateTornTail` is set (a write cut off by a kill). Splits on the newline byte, which UTF-8 never uses
 * inside a multi-byte character, so a chunk boundary cannot cut a character that is then decoded.
 */
async function readJsonLines(path: string, tolerateTornTail: boolean, onValue: (value: unknown) => void) {
  const fd = openSync(path, 'r')
  let badLine: number | undefined
  let lineNumber = 0
  const onLine = (line: string) => {
    lineNumber++
    if (badLine !== undefined) return
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      badLine = lineNumber
      return
    }
    onValue(value)
  }
  try {
    // One buffer for the whole file: the unfinished last line of a chunk moves to its start before the next read, and
    // it doubles only for a line longer than itself. No buffer per chunk is left behind for the collector.
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES)
    let kept = 0
    for (;;) {
      if (kept === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(larger, 0, 0, kept)
        buffer = larger
      }
      const read = readSync(fd, buffer, kept, buffer.length - kept, null)
      if (read === 0) break
      const end = kept + read
      let start = 0
      for (let newline = buffer.indexOf(NEWLINE, kept); newline !== -1 && newline < end;) {
        onLine(buffer.toString('utf8', start, newline))
        start = newline + 1
        newline = buffer.indexOf(NEWLINE, start)
      }
      buffer.copy(buffer, 0, start, end)
      kept = end - start
    }
    if (kept > 0) onLine(buffer.toString('utf8', 0, kept))
  } finally {
    closeSync(fd)
  }
  // Only the very last line may be damaged, and only in the journal: anything else is real corruption.
  if (badLine !== undefined && !(tolerateTornTail && badLine === lineNumber)) {
    throw new Error(`${path}: line ${badLine} is not valid JSON; the emulator data directory is corrupt`)
  }
}

function parseHeader(value: unknown, path: string): SnapshotHeader {
  const header = value as Partial<SnapshotHeader> | null
  if (header?.format !== SNAPSHOT_FORMAT || typeof header.lastId !== 'string' || !/^\d+$/.test(header.lastId)) {
    throw new Error(`${path}: not an skctl emulator snapshot (expected format ${SNAPSHOT_FORMAT})`)
  }
  return header as SnapshotHeader
}
