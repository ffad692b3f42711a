import type {ChalkInstance} from 'chalk'
import Table from 'cli-table3'

export interface Column<T> {
  header: string
  value: (row: T) => string | number | boolean | undefined
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
  for (const row of rows) table.push(columns.map((c) => String(c.value(row) ?? '')))
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
}

/** `key  value` lines for one resource, keys aligned. */
export function renderRecord(
  pairs: Array<[string, string | number | boolean | undefined]>,
  chalk: ChalkInstance,
): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== '')
  const width = Math.max(0, ...shown.map(([k]) => k.length))
  return shown.map(([k, v]) => `${chalk.dim(k.padEnd(width))}  ${v}`).join('\n')
}
