import {invalidInput} from '../../errors.js'
import {JsonRecords} from '../json-records.js'
import type {SourceItem, SourceLocation} from '../model.js'
import {isObject, type JsonObject, notAnObject, withoutPasswords} from './mapping.js'

/** Counts the records that carried a password hash or salt, which the readers drop before mapping. */
export class PasswordCount {
  count = 0
  private last: SourceLocation | undefined

  /** A record at `at` held one; a record is counted once however many it held. */
  found(at: SourceLocation): void {
    if (this.last === at) return
    this.last = at
    this.count++
  }

  /** The record without its password fields, counted when it had one. */
  strip(record: JsonObject, at: SourceLocation): JsonObject {
    const {dropped, value} = withoutPasswords(record)
    if (dropped) this.found(at)
    return value as JsonObject
  }
}

/**
 * Each record of a JSON file as a source item: unreadable records are reported with their reason and location,
 * password fields are dropped before `map` sees the record.
 */
export async function* jsonItems<T>(
  file: string,
  arrayKeys: readonly string[],
  passwords: PasswordCount,
  map: (record: JsonObject, at: SourceLocation) => SourceItem<T>,
): AsyncGenerator<SourceItem<T>> {
  for await (const item of new JsonRecords(file, {arrayKeys})) {
    const at = {file, line: item.line, record: item.record}
    if (!item.ok) yield {at, error: item.error, ok: false, raw: {}}
    else if (!isObject(item.value)) yield notAnObject<T>(at)
    else yield map(passwords.strip(item.value, at), at)
  }
}

/**
 * The records of a file that must be read whole and right (memberships): a record that cannot be used would
 * silently leave a user out of an organization, so it stops the command instead.
 */
export async function* strictRecords(records: JsonRecords): AsyncGenerator<{at: SourceLocation; record: JsonObject}> {
  const hint = 'memberships cannot be skipped one by one: fix or remove that record and run the command again'
  for await (const item of records) {
    const at = {file: records.file, line: item.line, record: item.record}
    if (!item.ok) throw invalidInput(`${records.file} line ${item.line}: ${item.error.message}`, hint)
    if (!isObject(item.value)) throw invalidInput(`${records.file} line ${item.line}: not a JSON object`, hint)
    yield {at, record: withoutPasswords(item.value).value as JsonObject}
  }
}
