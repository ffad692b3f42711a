import {lowerBound} from './lower-bound.js'

const bySeq = (seq: number) => seq

/**
 * The ids of one group (e.g. every membership of one organization) ordered by their records' sequence numbers, so a
 * page inside a group starts with a binary search instead of a walk over the whole group or the whole table.
 * Removal leaves a hole that is compacted once holes are half the group, like the collection itself.
 * Most groups hold one record (the memberships of one user, a million of them in a big environment), so a group of
 * one keeps it in two fields and allocates its arrays only when a second member arrives.
 */
export class OrderedGroup {
  private soleSeq = 0
  private soleId: string | undefined
  private seqs: number[] | undefined
  private ids: (string | undefined)[] | undefined
  private holes = 0

  get size(): number {
    if (!this.seqs) return this.soleId === undefined ? 0 : 1
    return this.seqs.length - this.holes
  }

  add(seq: number, id: string): void {
    if (!this.seqs) {
      if (this.soleId === undefined || this.soleSeq === seq) {
        this.soleSeq = seq
        this.soleId = id
        return
      }
      this.seqs = [this.soleSeq]
      this.ids = [this.soleId]
      this.soleId = undefined
    }
    const seqs = this.seqs
    const ids = this.ids!
    if (seqs.at(-1)! < seq) {
      seqs.push(seq)
      ids.push(id)
      return
    }
    // Only a record that moves into this group from another lands before its end: rare, so a splice is fine.
    const at = lowerBound(seqs, seq, bySeq)
    if (seqs[at] === seq && ids[at] === undefined) {
      ids[at] = id
      this.holes--
      return
    }
    seqs.splice(at, 0, seq)
    ids.splice(at, 0, id)
  }

  remove(seq: number): void {
    if (!this.seqs) {
      if (this.soleSeq === seq) this.soleId = undefined
      return
    }
    const ids = this.ids!
    for (let at = lowerBound(this.seqs, seq, bySeq); this.seqs[at] === seq; at++) {
      if (ids[at] === undefined) continue
      ids[at] = undefined
      this.holes++
      if (this.holes > 64 && this.holes * 2 > this.seqs.length) this.compact()
      return
    }
  }

  /** `[seq, id]` pairs in order, starting at the first seq >= `cursor`. */
  *forwardFrom(cursor: number): Generator<[number, string]> {
    if (!this.seqs) {
      if (this.soleId !== undefined && this.soleSeq >= cursor) yield [this.soleSeq, this.soleId]
      return
    }
    for (let at = lowerBound(this.seqs, cursor, bySeq); at < this.seqs.length; at++) {
      const id = this.ids![at]
      if (id !== undefined) yield [this.seqs[at]!, id]
    }
  }

  /** `[seq, id]` pairs in reverse order, starting just before `cursor`. */
  *backwardFrom(cursor: number): Generator<[number, string]> {
    if (!this.seqs) {
      if (this.soleId !== undefined && this.soleSeq < cursor) yield [this.soleSeq, this.soleId]
      return
    }
    for (let at = lowerBound(this.seqs, cursor, bySeq) - 1; at >= 0; at--) {
      const id = this.ids![at]
      if (id !== undefined) yield [this.seqs[at]!, id]
    }
  }

  private compact(): void {
    const seqs: number[] = []
    const ids: string[] = []
    for (const [seq, id] of this.forwardFrom(0)) {
      seqs.push(seq)
      ids.push(id)
    }
    this.seqs = seqs
    this.ids = ids
    this.holes = 0
  }
}
