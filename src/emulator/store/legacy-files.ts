import {closeSync, existsSync, openSync, readSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'
import type {Mutation} from './collection.js'

// Before its LMDB store, the emulator kept a data directory as JSON lines: a snapshot plus an append-only journal
// of the writes since. A data directory written then is read once, moved into the store, and its files removed.

const SNAPSHOT_FILE = 'snapshot.jsonl'
const JOURNAL_FILE = 'journal.jsonl'
const SNAPSHOT_FORMAT = 'skctl-emulator-snapshot/1'

interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT
  lastId: string
}

/** Whether `dataDir` holds the older files (a snapshot, a journal or a snapshot being written when it stopped). */
export function hasLegacyFiles(dataDir: string): boolean {
  return legacyFiles(dataDir).some((file) => existsSync(file))
}

export function removeLegacyFiles(dataDir: string): void {
  for (const file of legacyFiles(dataDir)) rmSync(file, {force: true})
}

function legacyFiles(dataDir: string): string[] {
  const snapshot = join(dataDir, SNAPSHOT_FILE)
  return [snapshot, join(dataDir, JOURNAL_FILE), `${snapshot}.tmp`]
}

/**
 * Replays the snapshot then the journal through `apply` (`fromJournal` false for the snapshot's records, whose ids
 * are all covered by its header's counter) and returns that counter. A torn last journal line (a write cut off by a
 * kill) is dropped; a bad line anywhere else is an error.
 */
export async function readLegacyFiles(
  dataDir: string,
  apply: (mutation: Mutation, fromJournal: boolean) => void,
): Promise<bigint | undefined> {
  const snapshotPath = join(dataDir, SNAPSHOT_FILE)
  const journalPath = join(dataDir, JOURNAL_FILE)
  let lastId: bigint | undefined
  if (existsSync(snapshotPath)) {
    let header: SnapshotHeader | undefined
    await readJsonLines(snapshotPath, false, (value) => {
      if (!header) {
        header = parseHeader(value, snapshotPath)
        lastId = BigInt(header.lastId)
      } else {
        for (const mutation of value as Mutation[]) apply(mutation, false)
      }
    })
  }
  if (existsSync(journalPath) && statSync(journalPath).size > 0) {
    await readJsonLines(journalPath, true, (value) => {
      for (const mutation of value as Mutation[]) apply(mutation, true)
    })
  }
  return lastId
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
