import type {Pages} from '../api/paginate.js'
import {CliError} from '../errors.js'

/** What following a newest-first log needs to know about its entries. */
export interface FollowSource<T> {
  /** Every entry at or after `since`, newest first (a page walk of the list RPC). */
  list(since: Date): Pages<T>
  /** Which entry it is, whatever its state. */
  id(entry: T): string
  /** The entry's time, which never changes (for an auth request: when it started). */
  time(entry: T): number
  /** False while the entry may still change (an auth request PENDING): it is looked at again until it settles. */
  settled(entry: T): boolean
  /** The entry's state, when `settled` can change: a new state is shown again. */
  state?(entry: T): string
}

export interface FollowOptions<T> {
  /** Show entries from this time on. */
  since: Date
  show(entries: T[]): Promise<void> | void
  /** Wait between polls while nothing new arrives, doubling from `minMs` to `maxMs`; back to `minMs` on news. */
  minMs?: number
  maxMs?: number
  /** Resolves when a poll may start; tests and Ctrl-C need no more than the timer. */
  pause?: (ms: number) => Promise<void>
}

const pauseFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Polls a newest-first log and shows each new entry (or new state of an unsettled one) once, oldest first, for as
 * long as the process runs (Ctrl-C ends it). Each poll reads from the oldest time still of interest — the newest
 * entry shown, or an older unsettled one — so memory holds only that window. Rate limits and network failures
 * back off and retry; other errors end the follow.
 */
export async function follow<T>(source: FollowSource<T>, options: FollowOptions<T>): Promise<never> {
  const minMs = options.minMs ?? 500
  const maxMs = options.maxMs ?? 16_000
  const pause = options.pause ?? pauseFor
  const shown = new Map<string, number>()
  const unsettled = new Map<string, number>()
  let newest = options.since.getTime()
  let waitMs = minMs
  const key = (entry: T) => `${source.id(entry)}\u0000${source.state?.(entry) ?? ''}`

  for (;;) {
    const from = Math.min(newest, ...unsettled.values())
    let fresh: T[] = []
    try {
      for await (const page of source.list(new Date(from))) {
        fresh.push(...page.items.filter((entry) => !shown.has(key(entry))))
      }
    } catch (error) {
      if (!(error instanceof CliError && (error.code === 'rate_limited' || error.code === 'unreachable'))) throw error
      await pause(waitMs)
      waitMs = Math.min(maxMs, waitMs * 2)
      continue
    }
    // Oldest first; entries of the same time keep the order the log gave them (newest first, so reversed).
    fresh = fresh.reverse().sort((a, b) => source.time(a) - source.time(b))
    if (fresh.length > 0) {
      await options.show(fresh)
      for (const entry of fresh) {
        shown.set(key(entry), source.time(entry))
        newest = Math.max(newest, source.time(entry))
        if (source.settled(entry)) unsettled.delete(source.id(entry))
        else unsettled.set(source.id(entry), source.time(entry))
      }
      waitMs = minMs
    }
    const keepFrom = Math.min(newest, ...unsettled.values())
    for (const [shownKey, time] of shown) if (time < keepFrom) shown.delete(shownKey)
    await pause(waitMs)
    if (fresh.length === 0) waitMs = Math.min(maxMs, waitMs * 2)
  }
}
