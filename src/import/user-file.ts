import {basename, extname} from 'node:path'

import {invalidInput} from '../errors.js'
import {resolveHeader, toUserSpec, USER_COLUMNS} from './columns.js'
import {emptyCsv, MAX_ROW_BYTES, readUserCsv} from './csv-source.js'
import {csvRows} from './csv-rows.js'
import {JsonRecords} from './json-records.js'
import type {SourceItem, UserSpec} from './model.js'

const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson'])

export const isJsonFile = (path: string) => JSON_EXTENSIONS.has(extname(path).toLowerCase())

/**
 * The users of a `users import` file: CSV, or JSON lines / a JSON array of objects with the same field names
 * (`metadata` may be an object, `roles` and `organization` arrays). `--map` renames columns in both.
 */
export function readUserFile(
  path: string,
  options: {map: Map<string, string>; onIgnoredColumns?: (names: string[]) => void},
): AsyncIterable<SourceItem<UserSpec>> {
  if (!isJsonFile(path)) {
    return readUserCsv(path, {
      map: options.map,
      onHeader: ({ignored}) => {
        if (ignored.length > 0) options.onIgnoredColumns?.(ignored)
      },
    })
  }
  return readUserJson(path, options.map)
}

async function* readUserJson(path: string, map: Map<string, string>): AsyncGenerator<SourceItem<UserSpec>> {
  const file = basename(path)
  for await (const record of new JsonRecords(path)) {
    const at = {file, line: record.line, record: record.record}
    if (!record.ok) {
      yield {at, ok: false, raw: {}, error: record.error}
      continue
    }
    const {value} = record
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield {at, ok: false, raw: {}, error: {code: 'invalid_record', message: 'the record is not a JSON object'}}
      continue
    }
    const raw = toCells(value as Record<string, unknown>, map)
    if (!('email' in raw)) {
      yield {at, ok: false, raw, error: {code: 'missing_email', message: 'the record has no email field'}}
      continue
    }
    const parsed = toUserSpec(raw)
    yield 'error' in parsed ? {at, ok: false, raw, error: parsed.error} : {at, ok: true, raw, value: parsed.user}
  }
}

/** A JSON record as generic cells: arrays joined with ";", objects as JSON text, unknown fields dropped. */
function toCells(value: Record<string, unknown>, map: Map<string, string>): Record<string, string> {
  const cells: Record<string, string> = {}
  for (const [name, field] of Object.entries(value)) {
    const column = map.get(name) ?? name
    if (!(USER_COLUMNS as readonly string[]).includes(column) && !column.startsWith('metadata.')) continue
    if (field === null || field === undefined) continue
    cells[column] = Array.isArray(field)
      ? field.map(String).join(';')
      : typeof field === 'object'
        ? JSON.stringify(field)
        : String(field)
  }
  return cells
}

/** What the counting pass learned about a user file. */
export interface UserFileFacts {
  rows: number
  /** Whether the file can place a user in an organization (CSV: an organization column; JSON: any record names one). */
  namesOrganizations: boolean
}

/**
 * Counts the records of a user file before importing: proves it parses (and that its header can be imported) and
 * sizes progress and the plan. CSV rows are only parsed here, not converted — that is the import's work.
 */
export async function countUsers(path: string, map: Map<string, string>): Promise<UserFileFacts> {
  let count = 0
  let namesOrganizations = false
  if (!isJsonFile(path)) {
    for await (const {fields} of csvRows(path, {maxRowBytes: MAX_ROW_BYTES})) {
      if (count++ === 0) namesOrganizations = resolveHeader(fields, map, basename(path)).fields.includes('organization')
    }
    if (count === 0) throw emptyCsv(basename(path))
    return {namesOrganizations, rows: count - 1}
  }
  for await (const item of readUserFile(path, {map})) {
    count++
    if (item.ok && item.value.memberships.length > 0) namesOrganizations = true
  }
  if (count === 0) throw invalidInput(`${basename(path)} holds no records`)
  return {namesOrganizations, rows: count}
}
