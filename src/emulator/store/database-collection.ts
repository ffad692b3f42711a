import {createHash} from 'node:crypto'
import type {Database} from 'lmdb'
import {
  type Collection,
  type IndexSpec,
  type MutationListener,
  type Pageable,
  type StoredRecord,
  uniqueKeyTaken,
} from './collection.js'

// Each collection is two databases of the data directory's LMDB environment: its records by sequence number (the
// order pages walk, and the page cursors), and its keys: id → sequence number, unique key → sequence number, one
// empty entry per group member, keyed [group, key, sequence number] so a group is a key range in order, and each
// group's size (counting a group of a million would read a million keys).
const ID = 0
const UNIQUE = 1
const GROUP = 2
const GROUP_SIZE = 3
/** Past the last sequence number, as the end of a range. */
const END = Number.MAX_SAFE_INTEGER
/** The largest sequence number a records key holds (they are unsigned 32-bit). */
const MAX_SEQ = 0xff_ff_ff_ff
/** LMDB keys are at most 1,978 bytes: a longer index key (a long URL, a long SCIM name) is kept as its hash. */
const MAX_KEY_CHARS = 400

export type KeyPart = string | number
export type WriteTransaction = <R>(write: () => R) => R

/**
 * A collection kept in LMDB, for an emulator with a data directory: nothing of it is held in memory beyond a few
 * counters, so a million records cost no heap and a restart loads nothing. Every write runs in `transaction`, which
 * joins the store's current batch or commits on its own before returning, so an acknowledged write survives kill -9.
 */
export class DatabaseCollection<
  T extends StoredRecord,
  U extends string = never,
  G extends string = never,
> implements Collection<T, U, G> {
  private readonly uniqueIndexes: U[]
  private readonly groupIndexes: G[]
  private nextSeq: number
  private count: number

  constructor(
    readonly name: string,
    private readonly spec: IndexSpec<T, U, G>,
    private readonly onChange: MutationListener,
    private readonly records: Database<T, number>,
    private readonly keys: Database<number | true, KeyPart[]>,
    private readonly transaction: WriteTransaction,
  ) {
    this.uniqueIndexes = Object.keys(spec.unique ?? {}) as U[]
    this.groupIndexes = Object.keys(spec.groups ?? {}) as G[]
    this.count = 0
    this.nextSeq = 1
    this.resync()
  }

  /** Re-reads the counters from the database: at open, and after a transaction that failed rolled writes back. */
  resync(): void {
    this.count = (this.records.getStats() as {entryCount: number}).entryCount
    const [last] = this.records.getKeys({reverse: true, limit: 1})
    this.nextSeq = Math.max(this.nextSeq, (last ?? 0) + 1)
  }

  get size(): number {
    return this.count
  }

  get(id: string): T | undefined {
    const seq = this.seqOf(id)
    return seq === undefined ? undefined : this.records.get(seq)
  }

  getBy(index: U, key: string): T | undefined {
    const seq = this.keys.get([UNIQUE, this.uniqueIndexes.indexOf(index), storedKey(key)])
    return typeof seq === 'number' ? this.records.get(seq) : undefined
  }

  listBy(index: G, key: string): T[] {
    return [...this.group(index, key).forwardFrom(0)].map(([, record]) => record)
  }

  countBy(index: G, key: string): number {
    const size = this.keys.get(this.groupSizeKey(index, key))
    return typeof size === 'number' ? size : 0
  }

  group(index: G, key: string): Pageable<T> {
    const prefix = this.groupPrefix(index, key)
    const members = (range: Iterable<KeyPart[]>) => this.resolve(range)
    const size = () => this.countBy(index, key)
    return {
      get size() {
        return size()
      },
      forwardFrom: (cursor) => members(this.keys.getKeys({start: [...prefix, cursor], end: [...prefix, END]})),
      backwardFrom: (cursor) =>
        members(
          below(cursor, this.keys.getKeys({start: [...prefix, cursor], end: [...prefix, 0], reverse: true}), lastPart),
        ),
    }
  }

  put(record: T): void {
    const previous = this.transaction(() => {
      const known = this.seqOf(record.id)
      const previous = known === undefined ? undefined : this.records.get(known)
      this.assertUnique(record, known)
      const seq = known ?? this.nextSeq++
      // A new record's number is above every other: appended, LMDB fills its pages instead of splitting them in half.
      this.records.putSync(seq, record, {append: known === undefined})
      if (known === undefined) {
        this.keys.putSync([ID, record.id], seq)
        this.count++
      }
      if (previous) this.unindex(previous, seq, record)
      this.index(record, seq, previous)
      return previous
    })
    this.onChange({op: 'put', collection: this.name, record}, previous)
  }

  delete(id: string): T | undefined {
    const record = this.transaction(() => {
      const seq = this.seqOf(id)
      const stored = seq === undefined ? undefined : this.records.get(seq)
      if (seq === undefined || !stored) return undefined
      this.unindex(stored, seq)
      this.keys.removeSync([ID, id])
      this.records.removeSync(seq)
      this.count--
      return stored
    })
    if (record) this.onChange({op: 'delete', collection: this.name, id}, record)
    return record
  }

  clear(): void {
    this.transaction(() => {
      this.records.clearSync()
      this.keys.clearSync()
    })
    this.count = 0
  }

  *values(): Generator<T> {
    for (const [, record] of this.forwardFrom(0)) yield record
  }

  *forwardFrom(cursor: number): Generator<[number, T]> {
    if (cursor > MAX_SEQ) return
    for (const {key, value} of this.records.getRange({start: Math.max(0, cursor)})) yield [key, value]
  }

  *backwardFrom(cursor: number): Generator<[number, T]> {
    if (cursor <= 0) return
    const entries = this.records.getRange({start: Math.min(cursor, MAX_SEQ), reverse: true})
    for (const {key, value} of entries) if (key < cursor) yield [key, value]
  }

  private seqOf(id: string): number | undefined {
    const seq = this.keys.get([ID, id])
    return typeof seq === 'number' ? seq : undefined
  }

  private groupPrefix(index: G, key: string): KeyPart[] {
    return [GROUP, this.groupIndexes.indexOf(index), storedKey(key)]
  }

  private groupSizeKey(index: G, key: string): KeyPart[] {
    return [GROUP_SIZE, this.groupIndexes.indexOf(index), storedKey(key)]
  }

  /** The live records of group keys, found by the sequence number each ends with. */
  private *resolve(range: Iterable<KeyPart[]>): Generator<[number, T]> {
    for (const key of range) {
      const seq = lastPart(key)
      const record = this.records.get(seq)
      if (record) yield [seq, record]
    }
  }

  private assertUnique(record: T, seq: number | undefined): void {
    this.uniqueIndexes.forEach((index, position) => {
      const key = this.spec.unique![index](record)
      if (key === undefined) return
      const owner = this.keys.get([UNIQUE, position, storedKey(key)])
      if (typeof owner === 'number' && owner !== seq) {
        throw uniqueKeyTaken(this.name, index, key, this.records.get(owner)?.id ?? String(owner))
      }
    })
  }

  /** Adds `record` to its index entries; with `previous` (an update), only to those whose key changed. */
  private index(record: T, seq: number, previous?: T): void {
    this.uniqueIndexes.forEach((index, position) => {
      const key = this.spec.unique![index](record)
      if (key !== undefined) this.keys.putSync([UNIQUE, position, storedKey(key)], seq)
    })
    this.groupIndexes.forEach((index, position) => {
      const key = this.spec.groups![index](record)
      if (previous && this.spec.groups![index](previous) === key) return
      this.keys.putSync([GROUP, position, storedKey(key), seq], true)
      this.adjustGroupCount(index, key, 1)
    })
  }

  /** Removes `record` from its index entries; with `next` (an update), only from those whose key changes. */
  private unindex(record: T, seq: number, next?: T): void {
    this.uniqueIndexes.forEach((index, position) => {
      const key = this.spec.unique![index](record)
      if (key === undefined) return
      const stored: KeyPart[] = [UNIQUE, position, storedKey(key)]
      if (this.keys.get(stored) === seq) this.keys.removeSync(stored)
    })
    this.groupIndexes.forEach((index, position) => {
      const key = this.spec.groups![index](record)
      if (next && this.spec.groups![index](next) === key) return
      this.keys.removeSync([GROUP, position, storedKey(key), seq])
      this.adjustGroupCount(index, key, -1)
    })
  }

  private adjustGroupCount(index: G, key: string, by: number): void {
    const sizeKey = this.groupSizeKey(index, key)
    const size = this.countBy(index, key) + by
    if (size > 0) this.keys.putSync(sizeKey, size)
    else this.keys.removeSync(sizeKey)
  }
}

function storedKey(key: string): string {
  // A NUL starts no real key (ids, emails, names, URLs), so a hashed key never meets a key kept as it is.
  return key.length <= MAX_KEY_CHARS ? key : `\0${createHash('sha256').update(key).digest('hex')}`
}

function lastPart(key: KeyPart[]): number {
  return key[key.length - 1] as number
}

/** The items of a descending range whose number is below `cursor` (LMDB starts a reverse range at `cursor` itself). */
function* below<K>(cursor: number, range: Iterable<K>, numberOf: (item: K) => number): Generator<K> {
  for (const item of range) if (numberOf(item) < cursor) yield item
}
