import {PassThrough} from 'node:stream'

import {Chalk} from 'chalk'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import type {ListPage, Pages} from '../../../src/api/paginate.js'
import {ListRenderer, type ListSpec} from '../../../src/output/list.js'
import {StreamWriter} from '../../../src/output/stdout.js'

const chalk = new Chalk({level: 0})
const spec: ListSpec<unknown> = {
  columns: [{header: 'VALUE', value: (v) => JSON.stringify(v)}],
  key: 'users',
  noun: 'users',
}

/** The pages, counting how many were pulled. */
function pagesOf<T>(pages: ListPage<T>[]): {pulled: () => number; stream: Pages<T>} {
  let pulled = 0
  async function* stream() {
    for (const page of pages) {
      pulled++
      yield page
    }
  }
  return {pulled: () => pulled, stream: stream()}
}

async function render<T>(pages: ListPage<T>[], options: {json: boolean; paged?: boolean}) {
  const sink = new PassThrough()
  let out = ''
  sink.setEncoding('utf8').on('data', (d: string) => (out += d))
  const renderer = new ListRenderer({...spec, paged: options.paged}, new StreamWriter(sink), {
    chalk,
    json: options.json,
  })
  const summary = await renderer.render(pagesOf(pages).stream)
  return {out, renderer, summary}
}

describe('ListRenderer in JSON mode', () => {
  it('writes, page by page, exactly the bytes of the whole document pretty-printed (property)', async () => {
    const pageOf = fc.array(fc.jsonValue(), {maxLength: 4})
    await fc.assert(
      fc.asyncProperty(
        fc.array(pageOf, {maxLength: 4}),
        fc.option(fc.nat()),
        fc.boolean(),
        async (pages, totalSize, truncated) => {
          const listPages = pages.map((items) => ({items, totalSize: totalSize ?? undefined, truncated: false}))
          if (listPages.length > 0) listPages[listPages.length - 1]!.truncated = truncated
          const {out} = await render(listPages, {json: true})
          const document = {
            users: pages.flat(),
            totalSize: listPages.length > 0 ? (totalSize ?? undefined) : undefined,
            truncated: listPages.length > 0 && truncated,
          }
          expect(out).toBe(`${JSON.stringify(document, null, 2)}\n`)
        },
      ),
      {numRuns: 60},
    )
  })

  it('leaves totalSize and truncated out of the documents of lists that never had them', async () => {
    const {out} = await render([{items: [{id: 1}], totalSize: 1, truncated: false}], {json: true, paged: false})
    expect(out).toBe(`${JSON.stringify({users: [{id: 1}]}, null, 2)}\n`)
  })

  it('ends a begun document with the error that stopped the list, so stdout stays one JSON document', async () => {
    const sink = new PassThrough()
    let out = ''
    sink.setEncoding('utf8').on('data', (d: string) => (out += d))
    const renderer = new ListRenderer(spec, new StreamWriter(sink), {chalk, json: true})
    async function* failing() {
      yield {items: [{id: 1}], truncated: false}
      throw new Error('page 2 failed')
    }
    await expect(renderer.render(failing())).rejects.toThrow('page 2 failed')
    expect(renderer.jsonStarted).toBe(true)
    await renderer.fail({code: 'api_error', hint: null, message: 'page 2 failed'})
    expect(JSON.parse(out)).toEqual({
      error: {code: 'api_error', hint: null, message: 'page 2 failed'},
      users: [{id: 1}],
    })
  })
})

describe('ListRenderer as a table', () => {
  it('prints the header once and each page as it comes', async () => {
    const {out, summary} = await render(
      [
        {items: ['a', 'b'], totalSize: 3, truncated: false},
        {items: ['c'], totalSize: 3, truncated: false},
      ],
      {json: false},
    )
    expect(out).toBe('VALUE\n"a"\n"b"\n"c"\n')
    expect(summary).toEqual({count: 3, finished: true, totalSize: 3, truncated: false})
  })

  it('stops pulling pages once the reader has gone', async () => {
    const sink = new PassThrough()
    const writer = new StreamWriter(sink)
    const renderer = new ListRenderer(spec, writer, {chalk, json: false})
    const pages = pagesOf(Array.from({length: 5}, (_, i) => ({items: [i], truncated: false})))
    sink.destroy()
    const summary = await renderer.render(pages.stream)
    expect(summary.finished).toBe(false)
    expect(pages.pulled()).toBe(1)
  })
})
