import {basename} from 'node:path'

import {invalidInput} from '../errors.js'
import {count} from '../output/plural.js'
import {type Header, resolveHeader, restoreCell, toUserSpec} from './columns.js'
import {csvRows} from './csv-rows.js'
import type {SourceItem, UserSpec} from './model.js'

/** A field longer than this is a row error: no name, email or id is this long, and reports stay readable. */
export const MAX_FIELD_CHARS = 64 * 1024
/** A row longer than this stops the import: the file is not the CSV it claims to be. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024

export const emptyCsv = (file: string) =>
  invalidInput(`${file} is empty`, 'the first line must name the columns, e.g. email,first_name')

/**
 * Streams a CSV of generic import columns (see columns.ts) as users, one record at a time: memory stays flat
 * whatever the file size. Ragged rows and oversized fields become row errors carrying the line the record starts
 * on; an unusable header stops before any record is read.
 */
export async function* readUserCsv(
  path: string,
  options: {map: Map<string, string>; mappable?: boolean; onHeader?: (header: Header) => void},
): AsyncGenerator<SourceItem<UserSpec>> {
  const file = basename(path)
  let header: Header | undefined
  for await (const {fields, line, row} of csvRows(path, {maxRowBytes: MAX_ROW_BYTES})) {
    if (!header) {
      header = resolveHeader(fields, options.map, file, options.mappable)
      options.onHeader?.(header)
      continue
    }
    yield toItem(fields, header, {file, line, record: row - 1})
  }
  if (!header) throw emptyCsv(file)
}

function toItem(cells: string[], header: Header, at: SourceItem<UserSpec>['at']): SourceItem<UserSpec> {
  const raw: Record<string, string> = {}
  let oversized: string | undefined
  header.fields.forEach((field, index) => {
    if (!field) return
    const cell = cells[index] ?? ''
    if (cell.length > MAX_FIELD_CHARS) oversized ??= field
    raw[field] = cell.length > MAX_FIELD_CHARS ? '' : restoreCell(cell)
  })
  if (oversized) {
    return {
      at,
      ok: false,
      raw,
      error: {code: 'field_too_large', message: `${oversized} is longer than ${MAX_FIELD_CHARS} characters`},
    }
  }
  const extra = cells.slice(header.fields.length).filter((cell) => cell.trim() !== '')
  if (cells.length < header.fields.length || extra.length > 0) {
    return {
      at,
      ok: false,
      raw,
      error: {
        code: 'ragged_row',
        message: `the row has ${count(cells.length, 'field')}; the header has ${header.fields.length}`,
      },
    }
  }
  const parsed = toUserSpec(raw)
  return 'error' in parsed ? {at, ok: false, raw, error: parsed.error} : {at, ok: true, raw, value: parsed.user}
}
