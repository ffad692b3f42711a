import {describe, expect, it} from 'vitest'

import {pagesOf} from '../../../src/api/paginate.js'
import {CliError} from '../../../src/errors.js'
import {follow} from '../../../src/logs/follow.js'

interface Entry {
  id: string
  status: string
  time: number
}

class Stop extends Error {}

/** Follows `log`, which each step changes between two polls, until the steps run out; what it showed and waited. */
async function followFor(log: Entry[], steps: Array<() => void>, fail?: (poll: number) => Error | undefined) {
  const shown: string[] = []
  const waits: number[] = []
  let poll = 0
  const source = {
    id: (entry: Entry) => entry.id,
    list(since: Date) {
      const error = fail?.(poll)
      if (error) throw error
      const newestFirst = log.filter((entry) => entry.time >= since.getTime()).sort((a, b) => b.time - a.time)
      return pagesOf(newestFirst.map((entry) => ({...entry})))
    },
    settled: (entry: Entry) => entry.status !== 'PENDING',
    state: (entry: Entry) => entry.status,
    time: (entry: Entry) => entry.time,
  }
  const pause = async (ms: number) => {
    waits.push(ms)
    const step = steps[poll++]
    if (!step) throw new Stop()
    step()
  }
  const show = (entries: Entry[]) => {
    for (const entry of entries) shown.push(`${entry.id} ${entry.status}`)
  }
  const error: unknown = await follow(source, {maxMs: 8, minMs: 1, pause, show, since: new Date(100)}).catch(
    (error_: unknown) => error_,
  )
  return {error, shown, waits}
}

describe('follow', () => {
  it('shows each entry once, oldest first, and a pending one again when it settles', async () => {
    const log: Entry[] = [
      {id: 'old', status: 'SUCCESS', time: 50},
      {id: 'a', status: 'FAILED', time: 200},
      {id: 'b', status: 'PENDING', time: 300},
    ]
    const {error, shown, waits} = await followFor(log, [
      () => log.push({id: 'c', status: 'SUCCESS', time: 400}),
      () => {},
      () => {
        log.find((entry) => entry.id === 'b')!.status = 'FAILED'
      },
      () => {},
      () => {},
    ])
    expect(error).toBeInstanceOf(Stop)
    expect(shown).toEqual(['a FAILED', 'b PENDING', 'c SUCCESS', 'b FAILED'])
    // The shortest wait after news, doubling (up to the cap) while nothing happens.
    expect(waits).toEqual([1, 1, 1, 1, 1, 2])
  })

  it('backs off through rate limits and dropped connections, and stops on other errors', async () => {
    const log: Entry[] = [{id: 'a', status: 'SUCCESS', time: 200}]
    const limited = (poll: number) => (poll === 0 ? new CliError('rate_limited', 'slow down') : undefined)
    const {error, shown, waits} = await followFor(log, [() => {}, () => {}], limited)
    expect(error).toBeInstanceOf(Stop)
    expect(shown).toEqual(['a SUCCESS'])
    expect(waits).toEqual([1, 1, 1])
    const denied = await followFor(log, [], () => new CliError('auth_failed', 'no'))
    expect(denied.error).toMatchObject({code: 'auth_failed'})
    expect(denied.shown).toEqual([])
  })
})
