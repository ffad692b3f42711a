/**
 * The ids of one group (e.g. every membership of one organization) ordered by their records' sequence numbers, so a
 * page inside a group starts with a binary search instead of a walk over the whole group or the whole table.
 * Removal leaves a hole that is compacted once holes are half the group, like the collection itself.
 */
export class OrderedGroup {
  private seqs: number[] = []
  private ids: (string | undefined)[] = []
  private holes = 0

  get size(): number {
    return this.seqs.length - this.holes
  }

  add(seq: number, id: string): void {
    const last = this.seqs.at(-1)
    if (last === undefined) {
      // Most groups hold one record (the memberships of one user): exact-size arrays, not push's spare capacity.
      this.seqs = [seq]
      this.ids = [id]
      return
    }
    if (last < seq) {
      this.seqs.push(seq)
      this.ids.push(id)
      return
    }
    // Only a record that moves into this group from another lands before its end: rare, so a splice is fine.
    const at = this.lowerBound(seq)
    if (this.seqs[at] === seq && this.ids[at] === undefined) {
      this.ids[at] = id
      this.holes--
      return
    }
    this.seqs.splice(at, 0, seq)
    this.ids.splice(at, 0, id)
  }

  remove(seq: number): void {
    for (let at = this.lowerBound(seq); this.seqs[at] === seq; at++) {
      if (this.ids[at] === undefined) continue
      this.ids[at] = undefined
      this.holes++
      if (this.holes > 64 && this.holes * 2 > this.seqs.length) this.compact()
      return
    }
  }

  /** `[seq, id]` pairs in order, starting at the first seq >= `cursor`. */
  *forwardFrom(cursor: number): Generator<[number, string]> {
    for (let at = this.lowerBound(cursor); at < this.seqs.length; at++) {
      const id = this.ids[at]
      if (id !== undefined) yield [this.seqs[at]!, id]
    }
  }

  /** `[seq, id]` pairs in reverse order, starting just before `cursor`. */
  *backwardFrom(cursor: number): Generator<[number, string]> {
    for (let at = this.lowerBound(cursor) - 1; at >= 0; at--) {
      const id = this.ids[at]
      if (id !== undefined) yield [this.seqs[at]!, id]
    }
  }

  private lowerBound(seq: number): number {
    let low = 0
    let high = this.seqs.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.seqs[middle]! < seq) low = middle + 1
      else high = middle
    }
    return low
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
