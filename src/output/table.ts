import type {ChalkInstance} from 'chalk'
import Table from 'cli-table3'

import {type Shown, shownText} from './escape.js'

export interface Column<T> {
  header: string
  /** Data is escaped for the terminal; wrap text of our own (a colour) in `styled()`. */
  value: (row: T) => Shown
}

/** A borderless table; cli-table3's own colours are off so the one colour decision applies. */
export function renderTable<T>(rows: T[], columns: Column<T>[], chalk: ChalkInstance): string {
  const table = new Table({
    chars: {
      bottom: '',
      'bottom-left': '',
      'bottom-mid': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      middle: '  ',
      right: '',
      'right-mid': '',
      top: '',
      'top-left': '',
      'top-mid': '',
      'top-right': '',
    },
    head: columns.map((c) => chalk.bold(c.header)),
    style: {border: [], head: [], 'padding-left': 0, 'padding-right': 0},
  })
  for (const row of rows) table.push(columns.map((c) => shownText(c.value(row))))
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
}

/** `key  value` lines for one resource, keys aligned. */
export function renderRecord(pairs: Array<[string, Shown]>, chalk: ChalkInstance): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
  const width = Math.max(0, ...shown.map(([k]) => k.length))
  return shown.map(([k, v]) => `${chalk.dim(k.padEnd(width))}  ${shownText(v)}`).join('\n')
}
