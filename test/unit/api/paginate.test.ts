import {describe, expect, it} from 'vitest'

import {collect, fromArray} from '../../../src/api/paginate.js'

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

describe('collect', () => {
  it('walks every page when there is no limit', async () => {
    const {asked, fetchPage} = server(250)
    const listing = await collect(fetchPage)
    expect(listing.items).toHaveLength(250)
    expect(listing.items.at(-1)).toBe(249)
    expect(listing).toMatchObject({totalSize: 250, truncated: false})
    expect(asked).toEqual([100, 100, 100])
  })

  it('stops at the limit, asks only for what it needs, and says it truncated', async () => {
    const {asked, fetchPage} = server(250)
    const listing = await collect(fetchPage, 120)
    expect(listing.items).toHaveLength(120)
    expect(listing.truncated).toBe(true)
    expect(asked).toEqual([100, 20])
  })

  it('is not truncated when the limit equals the total', async () => {
    const listing = await collect(server(5).fetchPage, 5)
    expect(listing).toMatchObject({items: [0, 1, 2, 3, 4], truncated: false})
  })
})

describe('collect with a smaller page limit', () => {
  it('never asks for more than the RPC accepts', async () => {
    const {asked, fetchPage} = server(70)
    const listing = await collect(fetchPage, undefined, 30)
    expect(listing.items).toHaveLength(70)
    expect(asked).toEqual([30, 30, 30])
  })
})

describe('fromArray', () => {
  it('cuts a complete answer at the limit and says so', () => {
    expect(fromArray([1, 2, 3], 2)).toEqual({items: [1, 2], totalSize: 3, truncated: true})
    expect(fromArray([1, 2, 3], 3)).toEqual({items: [1, 2, 3], totalSize: 3, truncated: false})
    expect(fromArray([1, 2, 3])).toEqual({items: [1, 2, 3], totalSize: 3, truncated: false})
  })
})
