import type {Pageable} from '../store/collection.js'
import {lowerBound} from '../store/lower-bound.js'

/**
 * An in-memory log that keeps the newest `capacity` records: appended in order, the oldest dropped first. Each
 * record gets a sequence number that serves as its page cursor, so paging (`services/paging.ts`) stays stable
 * while records are added and the oldest fall off.
 */
export class BoundedLog<T> implements Pageable<T> {
  private readonly entries: Array<{seq: number; record: T}> = []
  private nextSeq = 1

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.length
  }

  append(record: T): void {
    this.entries.push({seq: this.nextSeq++, record})
    // Shifting 10,000 references is cheap next to the request that adds one; a ring buffer would be no faster here.
    if (this.entries.length > this.capacity) this.entries.shift()
  }

  /** Forgets every record; cursors keep counting up, so an old page token finds nothing rather than other records. */
  clear(): void {
    this.entries.length = 0
  }

  /** Records in insertion order. */
  *values(): Generator<T> {
    for (const {record} of this.entries) yield record
  }

  *forwardFrom(cursor: number): Generator<[number, T]> {
    for (let i = this.firstAtOrAfter(cursor); i < this.entries.length; i++) {
      const {seq, record} = this.entries[i]!
      yield [seq, record]
    }
  }

  *backwardFrom(cursor: number): Generator<[number, T]> {
    for (let i = this.firstAtOrAfter(cursor) - 1; i >= 0; i--) {
      const {seq, record} = this.entries[i]!
      yield [seq, record]
    }
  }

  private firstAtOrAfter(cursor: number): number {
    return lowerBound(this.entries, cursor, (entry) => entry.seq)
  }
}
