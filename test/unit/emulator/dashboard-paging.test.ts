import {describe, expect, it} from 'vitest'
import {newestFirst, pageOf} from '../../../src/emulator/dashboard/paging.js'
import {BoundedLog} from '../../../src/emulator/events/bounded-log.js'

describe('dashboard paging of logs, newest first', () => {
  it('walks every record once from the newest, and back, while the oldest fall off', () => {
    const log = new BoundedLog<number>(60)
    for (let n = 1; n <= 70; n++) log.append(n)
    const seen: number[] = []
    const tokens: string[] = []
    let token = ''
    do {
      const page = pageOf(newestFirst(log), new URLSearchParams(token ? {page: token} : {}))
      seen.push(...page.items)
      tokens.push(token)
      token = page.nextPageToken
    } while (token)
    expect(seen).toEqual(Array.from({length: 60}, (_, i) => 70 - i))
    // The previous link of the last page leads to the page before it.
    const last = pageOf(newestFirst(log), new URLSearchParams({page: tokens.at(-1)!}))
    const previous = pageOf(newestFirst(log), new URLSearchParams({page: last.prevPageToken}))
    expect(previous.items).toEqual(seen.slice(25, 50))
    // New records come first without moving a page already handed out.
    log.append(71)
    expect(pageOf(newestFirst(log), new URLSearchParams({page: tokens[1]!})).items[0]).toBe(45)
    expect(pageOf(newestFirst(log), new URLSearchParams()).items[0]).toBe(71)
  })
})
