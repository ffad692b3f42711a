import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
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

  /** Replays snapshot then journal through `apply`. A torn last journal line (a write cut off by a kill) is dropped. */
  async load(apply: (mutation: Mutation) => void): Promise<LoadResult> {
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
          for (const mutation of value as Mutation[]) apply(mutation)
        }
      })
    }
    const journalEmpty = !hasJournal || statSync(this.journalPath).size === 0
    if (!journalEmpty) {
      await readJsonLines(this.journalPath, true, (value) => {
        for (const mutation of value as Mutation[]) apply(mutation)
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

async function readJsonLines(path: string, tolerateTornTail: boolean, onValue: (value: unknown) => void) {
  const lines = createInterface({input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY})
  let badLine: number | undefined
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber++
    if (badLine !== undefined) break
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      badLine = lineNumber
      continue
    }
    onValue(value)
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
