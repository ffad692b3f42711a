import type {ChalkInstance} from 'chalk'
import {strlen, wordWrap} from 'cli-table3/src/utils.js'

export interface Column<T> {
  header: string
  value: (row: T) => string | number | boolean | undefined
}

/** Spaces between two columns. */
const GAP = 2

/** Display width; plain ASCII (almost every cell) is measured without string-width's costly regexes. */
function displayWidth(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : strlen(text)
}

/** The one place a cell's text is produced from a row: anything that must happen to every cell happens here. */
export function cellText<T>(column: Column<T>, row: T): string {
  return String(column.value(row) ?? '')
}

/** The width of the terminal stdout writes to, or undefined for a pipe or a file (then nothing wraps). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined
}

/** What a column needs: its widest line (to show unwrapped) and its longest word (to wrap only between words). */
interface Need {
  longestWord: number
  widest: number
}

function measure(text: string, need: Need): void {
  for (const line of text.split('\n')) need.widest = Math.max(need.widest, displayWidth(line))
  for (const word of text.split(/\s+/)) need.longestWord = Math.max(need.longestWord, displayWidth(word))
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/**
 * Column widths within `maxWidth`, as a browser lays out an auto table: every column its widest line when all fit;
 * else every column its longest word and the room left shared in proportion to what each still lacks; when even
 * the longest words do not fit, the widest columns give way first.
 */
export function fitWidths(needs: Need[], maxWidth?: number): number[] {
  const widest = needs.map((n) => Math.max(1, n.widest))
  if (maxWidth === undefined) return widest
  const room = Math.max(needs.length, maxWidth - GAP * (needs.length - 1))
  if (sum(widest) <= room) return widest
  const words = needs.map((n, i) => Math.max(1, Math.min(n.longestWord, widest[i] ?? 1)))
  if (sum(words) > room) return capWidest(words, room)
  const lacking = widest.map((w, i) => w - (words[i] ?? 0))
  const spare = room - sum(words)
  const widths = words.map((w, i) => w + Math.floor((spare * (lacking[i] ?? 0)) / sum(lacking)))
  // Rounding down leaves a few columns of room: give them to the columns still short, in order.
  for (let i = 0, left = room - sum(widths); left > 0 && i < widths.length; i++) {
    const add = Math.min(left, (widest[i] ?? 0) - (widths[i] ?? 0))
    widths[i] = (widths[i] ?? 0) + add
    left -= add
  }
  return widths
}

/** Lowers the widest widths to one cap, as high as `room` allows. */
function capWidest(widths: number[], room: number): number[] {
  const sorted = [...widths].sort((a, b) => a - b)
  let below = 0
  for (const [i, width] of sorted.entries()) {
    const cap = Math.floor((room - below) / (sorted.length - i))
    if (cap < width) return widths.map((w) => Math.max(1, Math.min(w, cap)))
    below += width
  }
  return widths
}

/**
 * A borderless table written a batch of rows at a time (a list's pages): the header and the column widths come
 * with the first batch, so rows can be printed as they arrive with nothing kept. A later batch may widen a column
 * while the line still fits `maxWidth`; beyond that its cells wrap between words (a word longer than its column is
 * broken, never cut: it is data). The cost is linear in the cells: cli-table3's whole-table layout grows with the
 * square of the rows and measures every cell several times, so only its word wrapping is used, for cells that
 * need it.
 */
export class TableWriter<T> {
  private widths?: number[]

  constructor(
    private readonly columns: Column<T>[],
    private readonly chalk: ChalkInstance,
    private readonly maxWidth: number | undefined,
  ) {}

  /** The lines of one batch (the first with the header), without a final newline. */
  render(rows: T[]): string {
    const cells = rows.map((row) => this.columns.map((column) => cellText(column, row)))
    const needs: Need[] = this.columns.map(() => ({longestWord: 0, widest: 0}))
    for (const row of cells) for (const [i, text] of row.entries()) measure(text, needs[i] as Need)
    const lines: string[] = []
    if (this.widths === undefined) {
      const headers = this.columns.map((c) => c.header)
      for (const [i, header] of headers.entries()) measure(header, needs[i] as Need)
      this.widths = fitWidths(needs, this.maxWidth)
      lines.push(...layoutRow(headers, this.widths, (text) => this.chalk.bold(text)))
    } else {
      this.widths = this.widen(this.widths, needs)
    }
    for (const row of cells) lines.push(...layoutRow(row, this.widths))
    return lines.join('\n')
  }

  /** Widens the columns a batch needs wider, while the whole line fits; never narrows (rows above stay aligned). */
  private widen(widths: number[], needs: Need[]): number[] {
    let room = this.maxWidth === undefined ? Infinity : this.maxWidth - GAP * (widths.length - 1) - sum(widths)
    return widths.map((width, i) => {
      const add = Math.max(0, Math.min((needs[i]?.widest ?? 0) - width, room))
      room -= add
      return width + add
    })
  }
}

/** One row as lines: each cell wrapped to its column and padded, the columns two spaces apart. */
function layoutRow(cells: string[], widths: number[], style = (text: string) => text): string[] {
  const wrapped = cells.map((text, i) => wrapCell(text, widths[i] ?? 1))
  const height = Math.max(1, ...wrapped.map((lines) => lines.length))
  const out: string[] = []
  for (let y = 0; y < height; y++) {
    const line = wrapped.map((lines, i) => {
      const text = lines[y] ?? ''
      return style(text) + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text)))
    })
    out.push(line.join(' '.repeat(GAP)).trimEnd())
  }
  return out
}

/** A cell's lines within `width`: between words where it can, through a word only when the word alone is wider. */
function wrapCell(text: string, width: number): string[] {
  if (!text.includes('\n') && displayWidth(text) <= width) return [text]
  return wordWrap(width, text, true).flatMap((line) =>
    displayWidth(line) > width ? wordWrap(width, line, false) : [line],
  )
}

/** A whole table at once, fitted to the terminal. */
export function renderTable<T>(
  rows: T[],
  columns: Column<T>[],
  chalk: ChalkInstance,
  maxWidth = terminalWidth(),
): string {
  return new TableWriter(columns, chalk, maxWidth).render(rows)
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
