import {describe, expect, it} from 'vitest'

import {collect, onePage, paginate} from '../../../src/api/paginate.js'

/** A fake server of `total` numbered items, recording the page sizes asked for. */
function server(total: number) {
  const asked: number[] = []
  const fetchPage = async (token: string, size: number) => {
    asked.push(size)
    const start = token ? Number(token) : 0
    const items = Array.from({length: Math.min(size, total - start)}, (_, i) => start + i)
    const next = start + items.length
    return {items, nextPageToken: next < total ? String(next) : '', totalSize: total}
  }
  return {asked, fetchPage}
}

describe('paginate and collect', () => {
  it('walks every page when there is no limit', async () => {
    const {asked, fetchPage} = server(250)
    const listing = await collect(paginate(fetchPage))
    expect(listing.items).toHaveLength(250)
    expect(listing.items.at(-1)).toBe(249)
    expect(listing).toMatchObject({totalSize: 250, truncated: false})
    expect(asked).toEqual([100, 100, 100])
  })

  it('stops at the limit, asks only for what it needs, and says it truncated', async () => {
    const {asked, fetchPage} = server(250)
    const listing = await collect(paginate(fetchPage, 120))
    expect(listing.items).toHaveLength(120)
    expect(listing.truncated).toBe(true)
    expect(asked).toEqual([100, 20])
  })

  it('is not truncated when the limit equals the total', async () => {
    const listing = await collect(paginate(server(5).fetchPage, 5))
    expect(listing).toMatchObject({items: [0, 1, 2, 3, 4], truncated: false})
  })
})

describe('paginate with a smaller page limit', () => {
  it('never asks for more than the RPC accepts', async () => {
    const {asked, fetchPage} = server(70)
    const listing = await collect(paginate(fetchPage, undefined, 30))
    expect(listing.items).toHaveLength(70)
    expect(asked).toEqual([30, 30, 30])
  })
})

describe('paginate as a stream', () => {
  it('hands on each page before asking for the next, so output can start with the first page', async () => {
    const {asked, fetchPage} = server(250)
    const pages = paginate(fetchPage)[Symbol.asyncIterator]()
    const first = await pages.next()
    expect(first.value).toMatchObject({items: Array.from({length: 100}, (_, i) => i), truncated: false})
    expect(asked).toEqual([100])
    await pages.return?.()
    expect(asked).toEqual([100])
  })

  it('marks only the last page as truncated when a limit stops the walk', async () => {
    const seen = []
    for await (const page of paginate(server(250).fetchPage, 150)) seen.push([page.items.length, page.truncated])
    expect(seen).toEqual([
      [100, false],
      [50, true],
    ])
  })
})

describe('onePage', () => {
  it('cuts a complete answer at the limit and says so', () => {
    expect(onePage([1, 2, 3], 2)).toEqual({items: [1, 2], totalSize: 3, truncated: true})
    expect(onePage([1, 2, 3], 3)).toEqual({items: [1, 2, 3], totalSize: 3, truncated: false})
    expect(onePage([1, 2, 3])).toEqual({items: [1, 2, 3], totalSize: 3, truncated: false})
  })

  it('keeps the most recent items of a newest-last list when asked to', () => {
    expect(onePage([1, 2, 3], 2, 'last')).toEqual({items: [2, 3], totalSize: 3, truncated: true})
  })
})
