import {Readable} from 'node:stream'

import {type Options, parse} from 'csv-parse'
import {parse as parseSync} from 'csv-parse/sync'

import {invalidInput} from '../errors.js'
import {utf8Chunks} from './text-file.js'

// The one CSV reader every import file goes through (users import, provider exports, SCIM pushes): RFC 4180
// quoting, a BOM, CRLF, LF or CR line ends (even mixed), blank lines skipped, and each row's true first line.

export interface CsvRow {
  fields: string[]
  /** 1-based line of the row's first character (a quoted line break makes a row span lines). */
  line: number
  /** 1-based row number, blank lines not counted. */
  row: number
}

/** A row longer than this stops the file: it is not the CSV it claims to be (1 MiB unless the caller says). */
export const DEFAULT_MAX_ROW_BYTES = 1024 * 1024

const options = (maxRecordSize: number): Options => ({
  bom: true,
  max_record_size: maxRecordSize,
  raw: true,
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: true,
})

/**
 * Streams the rows of a CSV file (as UTF-8: anything else stops with an error naming the line). Broken quoting
 * stops the file with an error that names the line but never quotes the row: it may carry a password hash.
 */
export async function* csvRows(file: string, {maxRowBytes = DEFAULT_MAX_ROW_BYTES} = {}): AsyncGenerator<CsvRow> {
  const source = Readable.from(utf8Chunks(file))
  const parser = source.pipe(parse(options(maxRowBytes)))
  source.on('error', (error) => parser.destroy(error))
  const lines = new LineTracker()
  try {
    for await (const {raw, record} of parser as AsyncIterable<{raw: string; record: string[]}>) {
      const row = lines.next(raw, record)
      if (row) yield row
    }
  } catch (error) {
    throw csvError(file, error, lines.nextLine)
  } finally {
    source.destroy()
  }
}

/** The same rows from text already in memory (small files, such as a SCIM push). */
export function csvRowsFromText(text: string, file: string): CsvRow[] {
  const lines = new LineTracker()
  let records: Array<{raw: string; record: string[]}>
  try {
    records = parseSync(text, options(DEFAULT_MAX_ROW_BYTES)) as unknown as typeof records
  } catch (error) {
    throw csvError(file, error, undefined)
  }
  return records.flatMap(({raw, record}) => lines.next(raw, record) ?? [])
}

/** csv-parse counts lines unevenly with CRLF endings; the raw text of each row says exactly how many it used. */
class LineTracker {
  private linesBefore = 0
  private rows = 0

  /** Where the next row would start (for errors about a row that could not be read). */
  get nextLine(): number {
    return this.linesBefore + 1
  }

  next(raw: string, fields: string[]): CsvRow | undefined {
    const line = this.linesBefore + countBreaks(/^[\r\n]*/.exec(raw)?.[0] ?? '') + 1
    this.linesBefore += countBreaks(raw)
    if (fields.every((field) => field.trim() === '')) return undefined
    return {fields, line, row: ++this.rows}
  }
}

const countBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0

const PROBLEMS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a quoted field is not doubled',
  CSV_MAX_RECORD_SIZE: 'a row is too large',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_OPENING_QUOTE: 'a field has a quote in the middle',
}

function csvError(file: string, error: unknown, line: number | undefined): unknown {
  const csv = error as {code?: unknown; lines?: number}
  if (typeof csv.code !== 'string' || !csv.code.startsWith('CSV_')) return error
  const where = line ?? csv.lines
  return invalidInput(
    `${file}${where === undefined ? '' : ` line ${where}`}: not valid CSV: ${PROBLEMS[csv.code] ?? csv.code}`,
    'fix the file and run again',
  )
}
