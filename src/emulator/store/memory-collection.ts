import {
  addToGroup,
  type Group,
  groupBackwardFrom,
  groupForwardFrom,
  groupSize,
  removeFromGroup,
} from './ordered-group.js'
import {lowerBound} from './lower-bound.js'
import {
  type Collection,
  type IndexSpec,
  type MutationListener,
  type Pageable,
  type StoredRecord,
  uniqueKeyTaken,
} from './collection.js'

const identity = (seq: number) => seq

/**
 * An in-memory table: O(1) lookups by id and by secondary index, iteration in insertion order, and cursors
 * (sequence numbers) that survive deletions. Holes are compacted once they are half the table, so deletes stay
 * amortised O(1). Groups keep their members in the same order, so a group pages like the table does; a group holds
 * sequence numbers, and each member is found by a binary search over the table's.
 */
export class MemoryCollection<
  T extends StoredRecord,
  U extends string = never,
  G extends string = never,
> implements Collection<T, U, G> {
  // One slot per inserted record, as two parallel arrays (no object per slot: a million records make that count):
  // its sequence number and its record. Deleting leaves a hole (undefined) so sequence numbers (page cursors) stay
  // valid.
  private seqs: number[] = []
  private records: (T | undefined)[] = []
  private readonly positions = new Map<string, number>()
  private readonly uniqueMaps = new Map<U, Map<string, string>>()
  private readonly groupMaps = new Map<G, Map<string, Group>>()
  private nextSeq = 1
  private holes = 0

  constructor(
    readonly name: string,
    private readonly spec: IndexSpec<T, U, G>,
    private readonly onChange: MutationListener,
  ) {
    for (const index of Object.keys(spec.unique ?? {}) as U[]) this.uniqueMaps.set(index, new Map())
    for (const index of Object.keys(spec.groups ?? {}) as G[]) this.groupMaps.set(index, new Map())
  }

  get size(): number {
    return this.positions.size
  }

  get(id: string): T | undefined {
    const position = this.positions.get(id)
    return position === undefined ? undefined : this.records[position]
  }

  getBy(index: U, key: string): T | undefined {
    const id = this.uniqueMaps.get(index)?.get(key)
    return id === undefined ? undefined : this.get(id)
  }

  listBy(index: G, key: string): T[] {
    return [...this.group(index, key).forwardFrom(0)].map(([, record]) => record)
  }

  countBy(index: G, key: string): number {
    return groupSize(this.groupMaps.get(index)?.get(key))
  }

  group(index: G, key: string): Pageable<T> {
    // Looked up on every call: the group may be created or emptied between pages.
    const members = () => this.groupMaps.get(index)?.get(key)
    return {
      get size() {
        return groupSize(members())
      },
      forwardFrom: (cursor) => this.resolve(groupForwardFrom(members(), cursor)),
      backwardFrom: (cursor) => this.resolve(groupBackwardFrom(members(), cursor)),
    }
  }

  put(record: T): void {
    // Frozen, so code that changed a stored record in place (a change a data directory's collection would lose)
    // fails in every test rather than only in those with a data directory.
    Object.freeze(record)
    const position = this.positions.get(record.id)
    const previous = position === undefined ? undefined : this.records[position]
    this.assertUnique(record)
    let seq: number
    if (position === undefined) {
      seq = this.nextSeq++
      this.positions.set(record.id, this.seqs.length)
      this.seqs.push(seq)
      this.records.push(record)
    } else {
      seq = this.seqs[position]!
      this.records[position] = record
    }
    if (previous) this.unindex(previous, seq, record)
    this.index(record, seq, previous)
    this.onChange({op: 'put', collection: this.name, record}, previous)
  }

  delete(id: string): T | undefined {
    const position = this.positions.get(id)
    const record = position === undefined ? undefined : this.records[position]
    if (position === undefined || !record) return undefined
    const seq = this.seqs[position]!
    this.unindex(record, seq)
    this.positions.delete(id)
    this.records[position] = undefined
    this.holes++
    if (this.holes > 64 && this.holes * 2 > this.seqs.length) this.compact()
    this.onChange({op: 'delete', collection: this.name, id}, record)
    return record
  }

  clear(): void {
    this.seqs = []
    this.records = []
    this.positions.clear()
    for (const map of this.uniqueMaps.values()) map.clear()
    for (const map of this.groupMaps.values()) map.clear()
    this.holes = 0
  }

  *values(): Generator<T> {
    for (const [, record] of this.forwardFrom(0)) yield record
  }

  /** `[cursor, record]` pairs in insertion order, starting at the first record whose cursor is >= `cursor`. */
  *forwardFrom(cursor: number): Generator<[number, T]> {
    for (let i = this.firstPositionAtOrAfter(cursor); i < this.seqs.length; i++) {
      const record = this.records[i]
      if (record) yield [this.seqs[i]!, record]
    }
  }

  /** `[cursor, record]` pairs in reverse insertion order, starting just before `cursor`. */
  *backwardFrom(cursor: number): Generator<[number, T]> {
    for (let i = this.firstPositionAtOrAfter(cursor) - 1; i >= 0; i--) {
      const record = this.records[i]
      if (record) yield [this.seqs[i]!, record]
    }
  }

  /** The live records of `seqs`, found by binary search: groups hold sequence numbers, not ids. */
  private *resolve(seqs: Iterable<number>): Generator<[number, T]> {
    for (const seq of seqs) {
      const position = this.firstPositionAtOrAfter(seq)
      const record = this.seqs[position] === seq ? this.records[position] : undefined
      if (record) yield [seq, record]
    }
  }

  private firstPositionAtOrAfter(cursor: number): number {
    return lowerBound(this.seqs, cursor, identity)
  }

  private assertUnique(record: T): void {
    for (const [index, map] of this.uniqueMaps) {
      const key = this.spec.unique![index](record)
      const owner = key === undefined ? undefined : map.get(key)
      if (owner !== undefined && owner !== record.id) {
        throw uniqueKeyTaken(this.name, index, key!, owner)
      }
    }
  }

  /** Adds `record` to its index entries; with `previous` (an update), only to those whose key changed. */
  private index(record: T, seq: number, previous?: T): void {
    for (const [index, map] of this.uniqueMaps) {
      const key = this.spec.unique![index](record)
      if (key !== undefined) map.set(key, record.id)
    }
    for (const [index, map] of this.groupMaps) {
      const key = this.spec.groups![index](record)
      if (previous && this.spec.groups![index](previous) === key) continue
      const members = map.get(key)
      const grown = addToGroup(members, seq)
      if (grown !== members) map.set(key, grown)
    }
  }

  /** Removes `record` from its index entries; with `next` (an update), only from those whose key changes. */
  private unindex(record: T, seq: number, next?: T): void {
    for (const [index, map] of this.uniqueMaps) {
      const key = this.spec.unique![index](record)
      if (key !== undefined && map.get(key) === record.id) map.delete(key)
    }
    for (const [index, map] of this.groupMaps) {
      const key = this.spec.groups![index](record)
      if (next && this.spec.groups![index](next) === key) continue
      const members = map.get(key)
      if (members === undefined) continue
      const left = removeFromGroup(members, seq)
      if (left === undefined) map.delete(key)
    }
  }

  private compact(): void {
    const seqs: number[] = []
    const records: T[] = []
    for (const [seq, record] of this.forwardFrom(0)) {
      this.positions.set(record.id, records.length)
      seqs.push(seq)
      records.push(record)
    }
    this.seqs = seqs
    this.records = records
    this.holes = 0
  }
}
