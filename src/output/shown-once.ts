import type {ChalkInstance} from 'chalk'

import {writeUnredacted} from '../redact.js'
import type {Shown} from './escape.js'
import {renderRecord} from './table.js'

/**
 * Prints the one output meant to carry a new secret or token — the JSON document in JSON mode, else the record —
 * past the redactor, which masks it everywhere else. The caller registered the value with the redactor.
 */
export function writeShownOnce(
  result: unknown,
  record: Array<[string, Shown]>,
  options: {chalk: ChalkInstance; json: boolean},
): void {
  const text = options.json ? JSON.stringify(result, null, 2) : renderRecord(record, options.chalk)
  writeUnredacted(process.stdout, `${text}\n`)
}
