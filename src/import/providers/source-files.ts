import {invalidInput} from '../../errors.js'
import {type JsonLayout, JsonRecords} from '../json-records.js'
import {utf8Chunks} from '../text-file.js'
import {csvRows} from '../csv-rows.js'
import {isObject, type JsonObject} from './mapping.js'

export type FileFormat = 'csv' | 'json'

/** What a file's first record says about it: enough to tell which export it is. */
export interface FirstRecord {
  file: string
  format: FileFormat
  /** JSON only. */
  layout?: JsonLayout
  /** JSON only: the key of the wrapper object whose array holds the records. */
  arrayKey?: string
  /** Whether the file holds any record or row. */
  found: boolean
  /** The first JSON record that parsed, as an object (undefined when it is not one). */
  record?: JsonObject
  /** The first CSV row. */
  row?: string[]
  line?: number
  /** Why no JSON record could be read, when the file has records but none parses. */
  problem?: string
}

/** JSON when the text starts with "{" or "[" (after a byte-order mark and whitespace), else CSV. */
export async function fileFormat(file: string): Promise<FileFormat> {
  for await (const chunk of utf8Chunks(file)) {
    const start = chunk.trimStart()
    if (start) return start.startsWith('{') || start.startsWith('[') ? 'json' : 'csv'
  }
  return 'json'
}

export async function firstRecord(
  file: string,
  arrayKeys: readonly string[],
  maxRecordSize?: number,
): Promise<FirstRecord> {
  const format = await fileFormat(file)
  if (format === 'csv') {
    for await (const {fields, line} of csvRows(file)) return {file, format, found: true, line, row: fields}
    return {file, format, found: false}
  }
  const records = new JsonRecords(file, {arrayKeys, maxRecordSize})
  let problem: string | undefined
  for await (const item of records) {
    if (item.ok) {
      const record = isObject(item.value) ? item.value : undefined
      const {arrayKey, layout} = records
      return {arrayKey, file, format, found: true, layout, line: item.line, record}
    }
    problem ??= `line ${item.line}: ${item.error.message}`
  }
  return {arrayKey: records.arrayKey, file, format, found: problem !== undefined, layout: records.layout, problem}
}

export interface FileKind {
  /** What such a file holds, for messages: "Auth0 users". */
  holds: string
  /** Whether several files of this kind make sense (one per organization, pages of a list). */
  many: boolean
}

export interface SortedFile {
  file: string
  format: FileFormat
}

/**
 * Sorts the files given on the command line by what their first record looks like. A file it cannot place, or a
 * second file of a kind that only makes sense once, is invalid input, with a hint listing what the provider takes.
 * Files without records are left out: they have nothing to import.
 */
export async function sortFiles<K extends string>(
  files: string[],
  kinds: Record<K, FileKind>,
  identify: (first: FirstRecord) => K | undefined,
  expected: {arrayKeys: readonly string[]; hint: string; maxRecordSize?: number},
): Promise<Record<K, SortedFile[]>> {
  if (files.length === 0) throw invalidInput('no export files given', expected.hint)
  const sorted = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []])) as unknown as Record<K, SortedFile[]>
  const seen = new Set<string>()
  for (const file of files) {
    if (seen.has(file)) throw invalidInput(`${file} is given twice`)
    seen.add(file)
    const first = await firstRecord(file, expected.arrayKeys, expected.maxRecordSize)
    if (!first.found) continue
    if (first.problem) throw invalidInput(`no record of ${file} can be read (${first.problem})`, expected.hint)
    const kind = identify(first)
    if (kind === undefined) throw invalidInput(`cannot tell what ${file} holds: ${describe(first)}`, expected.hint)
    const earlier = sorted[kind][0]
    if (earlier && !kinds[kind].many) {
      throw invalidInput(
        `${earlier.file} and ${file} both hold ${kinds[kind].holds}; pass only one of them`,
        expected.hint,
      )
    }
    sorted[kind].push({file, format: first.format})
  }
  return sorted
}

function describe(first: FirstRecord): string {
  if (first.row) return `it is CSV, and its first row (line ${first.line}) matches no export this command reads`
  if (!first.record) return `its first record (line ${first.line}) is not a JSON object`
  const keys = Object.keys(first.record)
  const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', …' : '')
  return `its first record (line ${first.line}) has ${keys.length > 0 ? `the keys ${shown}` : 'no keys'}`
}
