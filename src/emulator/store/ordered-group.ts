import {lowerBound} from './lower-bound.js'

/** Removed members stay as their negated sequence number, so the array stays sorted by absolute value. */
const bySeq = (seq: number) => Math.abs(seq)

/**
 * The members of one group (e.g. every membership of one organization) as their records' sequence numbers, in
 * order, so a page inside a group starts with a binary search instead of a walk over the whole group or the whole
 * table; the collection finds each record by its sequence number. Only groups of two or more are kept this way: a
 * group of one (the memberships of one user, a million of them in a big environment) is its bare sequence number.
 * Removal leaves a hole that is compacted once holes are half the group, like the collection itself.
 */
export class OrderedGroup {
  private seqs: number[]
  private holes = 0

  constructor(first: number, second: number) {
    this.seqs = [first]
    this.add(second)
  }

  get size(): number {
    return this.seqs.length - this.holes
  }

  add(seq: number): void {
    const {seqs} = this
    if (bySeq(seqs.at(-1)!) < seq) {
      seqs.push(seq)
      return
    }
    // Only a record that moves into this group from another lands before its end: rare, so a splice is fine.
    const at = lowerBound(seqs, seq, bySeq)
    if (seqs[at] === seq) return
    if (seqs[at] === -seq) {
      seqs[at] = seq
      this.holes--
      return
    }
    seqs.splice(at, 0, seq)
  }

  remove(seq: number): void {
    const at = lowerBound(this.seqs, seq, bySeq)
    if (this.seqs[at] !== seq) return
    this.seqs[at] = -seq
    this.holes++
    if (this.holes > 64 && this.holes * 2 > this.seqs.length) {
      this.seqs = this.seqs.filter((member) => member > 0)
      this.holes = 0
    }
  }

  /** Sequence numbers in order, starting at the first >= `cursor`. */
  *forwardFrom(cursor: number): Generator<number> {
    for (let at = lowerBound(this.seqs, cursor, bySeq); at < this.seqs.length; at++) {
      const seq = this.seqs[at]!
      if (seq > 0) yield seq
    }
  }

  /** Sequence numbers in reverse order, starting just before `cursor`. */
  *backwardFrom(cursor: number): Generator<number> {
    for (let at = lowerBound(this.seqs, cursor, bySeq) - 1; at >= 0; at--) {
      const seq = this.seqs[at]!
      if (seq > 0) yield seq
    }
  }
}

/** A group of one is its member's sequence number; larger ones are an OrderedGroup. */
export type Group = number | OrderedGroup

export function groupSize(group: Group | undefined): number {
  if (group === undefined) return 0
  return typeof group === 'number' ? 1 : group.size
}

/** `group` with `seq` added: the same object, or a new OrderedGroup when a group of one grows. */
export function addToGroup(group: Group | undefined, seq: number): Group {
  if (group === undefined) return seq
  if (typeof group === 'number') return group === seq ? group : new OrderedGroup(group, seq)
  group.add(seq)
  return group
}

/** `group` with `seq` removed, or undefined once it is empty. */
export function removeFromGroup(group: Group, seq: number): Group | undefined {
  if (typeof group === 'number') return group === seq ? undefined : group
  group.remove(seq)
  return group.size === 0 ? undefined : group
}

export function* groupForwardFrom(group: Group | undefined, cursor: number): Generator<number> {
  if (typeof group === 'number') {
    if (group >= cursor) yield group
  } else if (group) yield* group.forwardFrom(cursor)
}

export function* groupBackwardFrom(group: Group | undefined, cursor: number): Generator<number> {
  if (typeof group === 'number') {
    if (group < cursor) yield group
  } else if (group) yield* group.backwardFrom(cursor)
}
