import {invalidInput} from '../errors.js'
import type {SourceError} from './model.js'
import {utf8Chunks} from './text-file.js'

/** A record larger than this is reported (`record_too_large`) instead of being held in memory. */
export const MAX_RECORD_SIZE = 1024 * 1024

/** One record of a JSON file, parsed, or unusable with a reason; later records are still read. */
export type JsonRecord =
  | {error: SourceError; line: number; ok: false; record: number}
  | {line: number; ok: true; record: number; value: unknown}

/**
 * How a file holds its records: one JSON value per line (NDJSON), a top-level array, or an array under a named
 * key of a top-level object (`{"users": […]}`); `empty` when there is nothing but whitespace.
 */
export type JsonLayout = 'array' | 'empty' | 'lines' | 'wrapped'

export interface JsonRecordsOptions {
  /** Keys of a top-level object whose array value holds the records (Firebase `users`, WorkOS `data`). */
  arrayKeys?: readonly string[]
  /** In characters; defaults to MAX_RECORD_SIZE. */
  maxRecordSize?: number
  /** For tests: the size of each read. */
  chunkSize?: number
}

/**
 * Streams the records of a JSON file with flat memory: the file is read in chunks and a small scanner, which
 * tracks strings, escapes and nesting depth, cuts out each record's text for JSON.parse. A record that does not
 * parse is reported and the next one is read; a file whose array structure is broken (a missing comma, a cut-off
 * end) stops with an invalid-input error, since no later record can be trusted.
 */
export class JsonRecords implements AsyncIterable<JsonRecord> {
  /** Known once the first record has been read. */
  layout: JsonLayout | undefined
  /** The key whose array held the records, for the `wrapped` layout. */
  arrayKey: string | undefined
  /**
   * The wrapper object's other members (`{"organization_id": …, "members": […]}`), complete once the records have
   * been read to the end; values larger than the record limit are left out.
   */
  envelope: Record<string, unknown> = {}

  constructor(
    readonly file: string,
    private readonly options: JsonRecordsOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<JsonRecord> {
    try {
      yield* this.read(false)
    } catch (error) {
      if (!(error instanceof BrokenFirstObject)) throw error
      // The file starts with "{" but its first object does not close properly: NDJSON with a broken first line,
      // most likely. Nothing was yielded yet, so read it again line by line and keep the good lines.
      yield* this.read(true)
    }
  }

  private async *read(byLine: boolean): AsyncGenerator<JsonRecord> {
    const scanner = new Scanner(this.options, byLine)
    this.envelope = scanner.envelope
    try {
      for await (const text of utf8Chunks(this.file, {chunkSize: this.options.chunkSize})) {
        yield* this.take(scanner, scanner.push(text))
      }
      yield* this.take(scanner, scanner.end())
    } catch (error) {
      if (error instanceof StructureError) {
        throw invalidInput(
          `${this.file} line ${error.line}: ${error.message}`,
          'the file is not complete, valid JSON: export it again (an array of records, or one record per line)',
        )
      }
      throw error
    }
  }

  /** The records a chunk completed, then the chunk's structural error if it had one: reported in file order. */
  private *take(scanner: Scanner, records: JsonRecord[]): Generator<JsonRecord> {
    this.layout = scanner.layout
    this.arrayKey = scanner.arrayKey
    yield* records
    if (scanner.failure) throw scanner.failure
  }
}

/** Thrown while the first top-level object is read, before it is known to be a wrapper. */
class BrokenFirstObject extends Error {}

class StructureError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

/** A value's text collected across chunks, up to a limit; past it, only the fact that it was too large. */
class TextBuffer {
  /** Where the text starts in the current chunk; -1 while closed. */
  from = -1
  private parts: string[] = []
  private size = 0
  private overflow = false

  constructor(private readonly limit: number) {}

  get tooLarge(): boolean {
    return this.overflow
  }

  open(at: number): void {
    this.from = at
    this.parts = []
    this.size = 0
    this.overflow = false
  }

  /** At the end of a chunk: keep what the chunk held; the text goes on at the start of the next one. */
  carry(chunk: string): void {
    if (this.from === -1) return
    this.add(chunk, this.from, chunk.length)
    this.from = 0
  }

  /** The text up to `end`, or undefined when it was too large. */
  close(chunk: string, end: number): string | undefined {
    this.add(chunk, this.from, end)
    this.from = -1
    const text = this.overflow ? undefined : this.parts.join('')
    this.parts = []
    return text
  }

  discard(): void {
    this.from = -1
    this.parts = []
  }

  private add(chunk: string, from: number, to: number): void {
    if (this.overflow || to <= from) return
    this.size += to - from
    if (this.size > this.limit) {
      this.overflow = true
      this.parts = []
    } else {
      this.parts.push(chunk.slice(from, to))
    }
  }
}

type State =
  | 'after-element'
  | 'after-member'
  | 'colon'
  | 'element'
  | 'element-or-close'
  | 'end'
  | 'in-element'
  | 'in-key'
  | 'in-member'
  | 'key'
  | 'key-or-close'
  | 'lines'
  | 'member'
  | 'start'

const NEWLINE = 0x0a
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === NEWLINE

class Scanner {
  layout: JsonLayout | undefined
  arrayKey: string | undefined
  readonly envelope: Record<string, unknown> = {}
  /** Set when the structure is broken; the records before it are still returned. */
  failure: StructureError | undefined

  private line = 1
  private records = 0
  private out: JsonRecord[] = []
  private state: State = 'start'
  private readonly limit: number
  private readonly arrayKeys: readonly string[]

  /** The value being cut out (a record, a line, or a member of the wrapper object). */
  private readonly value: TextBuffer
  private valueLine = 1
  private scalar = false
  private depth = 0
  private inString = false
  private escape = false

  /** The first top-level object, while it may still be either a record (NDJSON) or a wrapper. */
  private firstObject = false
  private readonly whole: TextBuffer
  private objectLine = 1
  private pending: Array<[string | undefined, string | undefined]> = []
  private topArray = false
  private readonly keyText: TextBuffer
  private key: string | undefined

  constructor(options: JsonRecordsOptions, byLine: boolean) {
    this.limit = options.maxRecordSize ?? MAX_RECORD_SIZE
    this.arrayKeys = options.arrayKeys ?? []
    this.value = new TextBuffer(this.limit)
    this.whole = new TextBuffer(this.limit)
    this.keyText = new TextBuffer(this.limit)
    if (byLine) {
      this.layout = 'lines'
      this.state = 'lines'
      this.value.open(0)
    }
  }

  push(chunk: string): JsonRecord[] {
    this.out = []
    try {
      this.scan(chunk)
    } catch (error) {
      if (!(error instanceof StructureError)) throw error
      this.failure = error
    }
    return this.out
  }

  private scan(chunk: string): void {
    let at = 0
    while (at < chunk.length) {
      switch (this.state) {
        case 'lines':
          at = this.scanLine(chunk, at)
          break
        case 'in-element':
        case 'in-member':
          at = this.scalar ? this.scanScalar(chunk, at) : this.scanValue(chunk, at)
          break
        case 'in-key':
          at = this.scanKey(chunk, at)
          break
        default: {
          const c = chunk.charCodeAt(at)
          if (c === NEWLINE) this.line++
          else if (this.state === 'start' && !isSpace(c) && c !== OPEN_BRACE && c !== OPEN_BRACKET) {
            // Neither an array nor an object: read it as lines, so a bad first line costs one record, not the file.
            this.startLines(at)
            continue
          }
          if (!isSpace(c)) this.structure(chunk, at, c)
          at++
        }
      }
    }
    this.value.carry(chunk)
    this.whole.carry(chunk)
    this.keyText.carry(chunk)
  }

  end(): JsonRecord[] {
    this.out = []
    if (this.firstObject) throw new BrokenFirstObject()
    switch (this.state) {
      case 'start':
        this.layout = 'empty'
        break
      case 'lines':
        this.lineDone('', 0)
        break
      case 'end':
        break
      default:
        if (this.state === 'in-element') this.broken('the file ends inside this record: is it cut off?', this.valueLine)
        this.broken(`the file ends before the closing "${this.topArray ? ']' : '}'}"`)
    }
    return this.out
  }

  /** Punctuation between records and between the wrapper object's members. */
  private structure(chunk: string, at: number, c: number): void {
    switch (this.state) {
      case 'start':
        if (c === OPEN_BRACKET) {
          this.layout = 'array'
          this.topArray = true
          this.state = 'element-or-close'
        } else if (c === OPEN_BRACE) {
          this.firstObject = true
          this.whole.open(at)
          this.objectLine = this.line
          this.state = 'key-or-close'
        }
        return
      case 'element-or-close':
        if (c === CLOSE_BRACKET) return this.closeArray()
        return this.startValue(at, c, 'in-element')
      case 'element':
        return this.startValue(at, c, 'in-element')
      case 'after-element':
        if (c === COMMA) this.state = 'element'
        else if (c === CLOSE_BRACKET) this.closeArray()
        else this.broken('expected "," or "]" after a record')
        return
      case 'key-or-close':
        if (c === CLOSE_BRACE) return this.closeObject(chunk, at)
        if (c === QUOTE) return this.startKey(at)
        return this.broken('expected a key in quotes')
      case 'key':
        if (c === QUOTE) return this.startKey(at)
        return this.broken('expected a key in quotes after ","')
      case 'colon':
        if (c === COLON) this.state = 'member'
        else this.broken('expected ":" after a key')
        return
      case 'member':
        if (c === OPEN_BRACKET && this.key !== undefined && this.arrayKeys.includes(this.key)) {
          this.becomeWrapper(this.key)
          this.state = 'element-or-close'
          return
        }
        return this.startValue(at, c, 'in-member')
      case 'after-member':
        if (c === COMMA) this.state = 'key'
        else if (c === CLOSE_BRACE) this.closeObject(chunk, at)
        else this.broken('expected "," or "}" after a value')
        return
      case 'end':
        return this.broken(`unexpected text after the closing "${this.topArray ? ']' : '}'}"`)
    }
  }

  private startValue(at: number, c: number, state: 'in-element' | 'in-member'): void {
    if (c === COMMA || c === COLON || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      return this.broken(`expected a value, found "${String.fromCharCode(c)}"`)
    }
    this.state = state
    this.valueLine = this.line
    this.value.open(at)
    this.scalar = c !== OPEN_BRACE && c !== OPEN_BRACKET && c !== QUOTE
    this.depth = c === QUOTE ? 0 : 1
    this.inString = c === QUOTE
    this.escape = false
  }

  /** An object or array (depth > 0) or a string, up to its closing character. */
  private scanValue(chunk: string, at: number): number {
    for (; at < chunk.length; at++) {
      const c = chunk.charCodeAt(at)
      if (c === NEWLINE) this.line++
      if (this.inString) {
        if (this.escape) this.escape = false
        else if (c === BACKSLASH) this.escape = true
        else if (c === QUOTE) {
          this.inString = false
          if (this.depth === 0) return this.valueDone(chunk, at + 1)
        }
      } else if (c === QUOTE) this.inString = true
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) return this.valueDone(chunk, at + 1)
    }
    return at
  }

  /** A number, true, false or null: it ends where a delimiter starts (the delimiter is read next). */
  private scanScalar(chunk: string, at: number): number {
    for (; at < chunk.length; at++) {
      const c = chunk.charCodeAt(at)
      if (isSpace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.valueDone(chunk, at)
        return at
      }
    }
    return at
  }

  private valueDone(chunk: string, end: number): number {
    this.scalar = false
    const text = this.value.close(chunk, end)
    if (this.state === 'in-element') {
      this.emit(text, this.valueLine)
      this.state = 'after-element'
    } else {
      // While the first object may be a wrapper, its members wait; they are bounded by the whole object's limit.
      if (this.firstObject) {
        if (!this.whole.tooLarge) this.pending.push([this.key, text])
      } else this.remember(this.key, text)
      this.state = 'after-member'
    }
    return end
  }

  private startKey(at: number): void {
    this.keyText.open(at)
    this.escape = false
    this.state = 'in-key'
  }

  private scanKey(chunk: string, at: number): number {
    for (; at < chunk.length; at++) {
      const c = chunk.charCodeAt(at)
      if (c === NEWLINE) this.line++
      if (this.escape) this.escape = false
      else if (c === BACKSLASH) this.escape = true
      else if (c === QUOTE) {
        this.key = parseString(this.keyText.close(chunk, at + 1))
        this.state = 'colon'
        return at + 1
      }
    }
    return at
  }

  private startLines(at: number): void {
    this.layout = 'lines'
    this.state = 'lines'
    this.valueLine = this.line
    this.value.open(at)
  }

  /** NDJSON: each non-blank line is one record. */
  private scanLine(chunk: string, at: number): number {
    const newline = chunk.indexOf('\n', at)
    if (newline === -1) return chunk.length
    this.lineDone(chunk, newline)
    this.line++
    this.valueLine = this.line
    this.value.open(newline + 1)
    return newline + 1
  }

  private lineDone(chunk: string, end: number): void {
    const text = this.value.close(chunk, end)
    if (text === undefined || text.trim() !== '') this.emit(text, this.valueLine)
  }

  private closeArray(): void {
    this.state = this.topArray ? 'end' : 'after-member'
  }

  private closeObject(chunk: string, at: number): void {
    if (!this.firstObject) {
      this.state = 'end'
      return
    }
    // The first object was a record: the file is NDJSON, read line by line from here on.
    this.firstObject = false
    this.pending = []
    this.emit(this.whole.close(chunk, at + 1), this.objectLine)
    this.startLines(at + 1)
  }

  private becomeWrapper(key: string): void {
    if (this.firstObject) {
      this.firstObject = false
      this.whole.discard()
      for (const [name, text] of this.pending) this.remember(name, text)
      this.pending = []
    }
    this.layout = 'wrapped'
    this.arrayKey ??= key
  }

  private remember(key: string | undefined, text: string | undefined): void {
    if (key === undefined || text === undefined) return
    try {
      this.envelope[key] = JSON.parse(text)
    } catch {
      // A malformed member of the wrapper is not a record: whoever needs it reports it as missing.
    }
  }

  private emit(text: string | undefined, line: number): void {
    const record = ++this.records
    if (text === undefined) {
      const error = {code: 'record_too_large', message: `the record is larger than ${sizeLabel(this.limit)}`}
      this.out.push({error, line, ok: false, record})
      return
    }
    try {
      this.out.push({line, ok: true, record, value: JSON.parse(text)})
    } catch (error) {
      this.out.push({error: {code: 'invalid_json', message: jsonProblem(error)}, line, ok: false, record})
    }
  }

  private broken(message: string, line = this.line): never {
    if (this.firstObject) throw new BrokenFirstObject()
    throw new StructureError(message, line)
  }
}

function parseString(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as string
  } catch {
    return undefined
  }
}

/**
 * JSON.parse's reason without the excerpt of the input that V8 quotes ("…" is not valid JSON): records carry
 * personal data and sometimes password hashes, which must not reach a report.
 */
function jsonProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message.replace(/,\s*".*" is not valid JSON$/s, '') : ''
  return reason ? `not valid JSON: ${reason}` : 'not valid JSON'
}

function sizeLabel(chars: number): string {
  return chars >= 1024 * 1024 && chars % (1024 * 1024) === 0
    ? `${chars / (1024 * 1024)} MiB`
    : chars >= 1024 && chars % 1024 === 0
      ? `${chars / 1024} KiB`
      : `${chars} characters`
}
