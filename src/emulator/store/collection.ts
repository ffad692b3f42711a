/** A record the store can persist: any JSON object with an id. */
export interface StoredRecord {
  id: string
}

export type Mutation =
  {op: 'put'; collection: string; record: StoredRecord} | {op: 'delete'; collection: string; id: string}

export interface IndexSpec<T, U extends string, G extends string> {
  /** Unique secondary keys; `undefined` means the record is not in that index. */
  unique?: Record<U, (record: T) => string | undefined>
  /** Non-unique groupings, e.g. every domain of one organization. */
  groups?: Record<G, (record: T) => string>
}

/** Records in a stable order with cursors (sequence numbers) that survive deletions: what a page walks over. */
export interface Pageable<T> {
  readonly size: number
  forwardFrom(cursor: number): Iterable<[number, T]>
  backwardFrom(cursor: number): Iterable<[number, T]>
}

/**
 * One table of the store: lookups by id, by unique secondary key and by group, iteration in insertion order, and
 * cursors (sequence numbers) that survive deletions. Records are values: a record read from a collection is never
 * changed in place (with a data directory each read is a fresh copy, so such a change would be lost); a change is a
 * `put` of a new record with the same id. Two kinds exist: in memory (`memory-collection.ts`) and in a data
 * directory's database (`database-collection.ts`); both pass the same tests.
 */
export interface Collection<
  T extends StoredRecord,
  U extends string = never,
  G extends string = never,
> extends Pageable<T> {
  readonly name: string
  get(id: string): T | undefined
  getBy(index: U, key: string): T | undefined
  /** Every record of one group, in insertion order. */
  listBy(index: G, key: string): T[]
  countBy(index: G, key: string): number
  /** One group as a pageable view; cursors are the collection's own, so a page token works across both. */
  group(index: G, key: string): Pageable<T>
  /** Inserts a new record at the end, or replaces the record with the same id in place. */
  put(record: T): void
  delete(id: string): T | undefined
  /** Empties the collection without reporting mutations. */
  clear(): void
  /** Live records in insertion order. */
  values(): IterableIterator<T>
}

/**
 * Reports each mutation to the store (which tracks pinned ids) after it happened, with the record it replaced or
 * deleted (`undefined` for a new one): what undoing it takes.
 */
export type MutationListener = (mutation: Mutation, previous: StoredRecord | undefined) => void

/** The error a put that takes another record's unique key throws. */
export function uniqueKeyTaken(collection: string, index: string, key: string, owner: string): Error {
  return new Error(`${collection}: ${index} ${key} already belongs to ${owner}`)
}
