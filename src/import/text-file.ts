import {createReadStream} from 'node:fs'

import {invalidInput} from '../errors.js'

// The one way an import reads a file as text: UTF-8 (a BOM is dropped), and anything else — UTF-16 or UTF-32, or
// the Windows-1252 / Latin-1 bytes spreadsheet exports are full of — stops the read with the line it is on and the
// fix, instead of turning into replacement characters that would end up in names and emails.

/** 64 KiB reads: large enough to be fast, small enough that memory stays flat whatever the file size. */
const CHUNK_SIZE = 64 * 1024

const WIDE_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x00, 0x00, 0xfe, 0xff],
]

export interface Utf8Options {
  /** For tests: the size of each read. */
  chunkSize?: number
  /** Sees every chunk of raw bytes, in order (to hash the file as it is read). */
  onBytes?: (chunk: Buffer) => void
}

export async function* utf8Chunks(file: string, options: Utf8Options = {}): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', {fatal: true})
  let line = 1
  let first = true
  /** The bytes the last chunk ended with that start a character the next chunk finishes. */
  let unfinished: Buffer = Buffer.alloc(0)
  let stream
  try {
    stream = createReadStream(file, {highWaterMark: options.chunkSize ?? CHUNK_SIZE})
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first && WIDE_BOMS.some((bom) => bom.every((byte, i) => chunk[i] === byte))) {
        throw invalidInput(`${file} is UTF-16 (or UTF-32) text, not UTF-8`, 'save it as UTF-8 ("CSV UTF-8" in Excel)')
      }
      first = false
      options.onBytes?.(chunk)
      let text: string
      try {
        text = decoder.decode(chunk, {stream: true})
      } catch {
        // The broken character may have begun in the previous chunk: search from its first byte.
        const bytes = Buffer.concat([unfinished, chunk])
        throw notUtf8(file, line + countNewlines(bytes, firstInvalidByte(bytes)))
      }
      line += countNewlines(chunk, chunk.length)
      unfinished = unfinishedCharacter(chunk)
      if (text) yield text
    }
    let rest: string
    try {
      rest = decoder.decode()
    } catch {
      throw notUtf8(file, line)
    }
    if (rest) yield rest
  } catch (error) {
    throw readError(file, error)
  } finally {
    stream?.destroy()
  }
}

function notUtf8(file: string, line: number) {
  return invalidInput(
    `${file} is not UTF-8 text (line ${line})`,
    `it is probably Windows-1252 or Latin-1: convert it with iconv -f WINDOWS-1252 -t UTF-8 ${file} > utf8.csv`,
  )
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0
  for (let at = bytes.indexOf(10); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) count++
  return count
}

/** How many bytes a UTF-8 character starting with this byte has; 0 for a byte no character starts with. */
const sequenceLength = (byte: number) =>
  byte < 0x80 ? 1 : byte >> 5 === 0b110 ? 2 : byte >> 4 === 0b1110 ? 3 : byte >> 3 === 0b11110 ? 4 : 0

const isContinuation = (byte: number) => byte >> 6 === 0b10

/** Where in a chunk UTF-8 first breaks (only to name a line). */
function firstInvalidByte(chunk: Buffer): number {
  for (let i = 0; i < chunk.length;) {
    const length = sequenceLength(chunk[i]!)
    if (length === 0) return i
    for (let k = 1; k < length; k++) if (i + k < chunk.length && !isContinuation(chunk[i + k]!)) return i
    i += length
  }
  return chunk.length
}

/** The start of a character cut off by the chunk's end (at most 3 bytes), or nothing. */
function unfinishedCharacter(chunk: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back]!
    if (isContinuation(byte)) continue
    return sequenceLength(byte) > back ? Buffer.from(chunk.subarray(chunk.length - back)) : Buffer.alloc(0)
  }
  return Buffer.alloc(0)
}

/** A missing or unreadable file is invalid input (exit 2), said in one line. */
function readError(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return invalidInput(`${file} does not exist`)
  if (code === 'EISDIR') return invalidInput(`${file} is a directory, not a file`)
  if (code === 'EACCES') return invalidInput(`${file} cannot be read (permission denied)`)
  return error
}
