import type {ChalkInstance} from 'chalk'

import type {Pages} from '../api/paginate.js'
import type {StreamWriter} from './stdout.js'
import {type Column, TableWriter} from './table.js'

/** How a list command shows its items. */
export interface ListSpec<R> {
  columns: Column<R>[]
  /** Said on stderr when there is nothing to show; "No <noun>." unless given. */
  empty?: string
  /** The key the items sit under in the JSON document: `{"users": [...], "totalSize": 3, "truncated": false}`. */
  key: string
  /** What the items are, plural, for the note when --limit cut the list short. */
  noun: string
  /** Lists add `totalSize` and `truncated` to their JSON document, unless false (some never had them). */
  paged?: boolean
}

/** What is known once a list has been written: its items are gone, only their count is kept. */
export interface ListSummary {
  count: number
  /** False when the reader went away before the end (`| head`): the rest was not fetched. */
  finished: boolean
  totalSize?: number
  truncated: boolean
}

export interface ListRenderOptions {
  chalk: ChalkInstance
  json: boolean
  /** The terminal's width, or undefined when stdout is not a terminal. */
  maxWidth?: number
}

const INDENT = '    '

/**
 * Writes a list page by page as the pages arrive — a table, or in JSON mode one JSON document built incrementally
 * — holding one page at a time: memory stays flat and work linear however long the list. The JSON bytes are
 * those `JSON.stringify(document, null, 2)` gives for the whole document, as oclif printed it before.
 */
export class ListRenderer<R> {
  /** True once the JSON document has begun: from then on it must be finished, with the items or an error. */
  jsonStarted = false
  private count = 0
  private readonly table: TableWriter<R>

  constructor(
    private readonly spec: ListSpec<R>,
    private readonly out: StreamWriter,
    private readonly options: ListRenderOptions,
  ) {
    this.table = new TableWriter(spec.columns, options.chalk, options.maxWidth)
  }

  async render(pages: Pages<R>): Promise<ListSummary> {
    let totalSize: number | undefined
    let truncated = false
    for await (const page of pages) {
      totalSize = page.totalSize ?? totalSize
      truncated = page.truncated
      const text = this.options.json ? this.jsonItems(page.items) : this.tableRows(page.items)
      this.count += page.items.length
      if (text && !(await this.out.write(text))) return {count: this.count, finished: false, totalSize, truncated}
    }
    const summary = {count: this.count, finished: true, totalSize, truncated}
    if (this.options.json) await this.out.write(this.jsonEnd(this.spec.paged === false ? {} : {totalSize, truncated}))
    return summary
  }

  /** Ends a begun JSON document with the error that stopped the list, so stdout still holds one JSON document. */
  async fail(error: unknown): Promise<void> {
    await this.out.write(this.jsonEnd({error}))
  }

  private jsonEnd(rest: Record<string, unknown>): string {
    const start = this.jsonStarted ? '' : this.jsonStart()
    const items = this.count > 0 ? '\n  ]' : ']'
    // `{"a": 1}` pretty-printed, less its opening brace, is exactly how the document's remaining members read.
    const tail = Object.values(rest).some((v) => v !== undefined) ? `,${JSON.stringify(rest, null, 2).slice(1)}` : '\n}'
    return `${start}${items}${tail}\n`
  }

  private jsonItems(items: R[]): string {
    let text = this.jsonStarted ? '' : this.jsonStart()
    for (const [i, item] of items.entries()) {
      const separator = this.count + i > 0 ? ',' : ''
      // Newlines inside strings are escaped by JSON.stringify: every raw newline is the document's own layout.
      text += `${separator}\n${INDENT}${JSON.stringify(item, null, 2).replaceAll('\n', `\n${INDENT}`)}`
    }
    return text
  }

  private jsonStart(): string {
    this.jsonStarted = true
    return `{\n  ${JSON.stringify(this.spec.key)}: [`
  }

  private tableRows(items: R[]): string {
    return items.length > 0 ? `${this.table.render(items)}\n` : ''
  }
}
