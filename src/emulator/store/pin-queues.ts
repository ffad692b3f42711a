/**
 * Pinned ids waiting for their creates, by claim (see pinned-ids.ts), in file order; a null holds the place of an
 * unpinned item. A pin leaves its queue only when a record with the id it handed out is stored, so a create that
 * fails after asking for its id leaves the pin to the next create of the same claim.
 */
export class PinQueues {
  private queues = new Map<string, Array<string | null>>()
  /** Ids handed out under a claim and not stored yet. */
  private readonly handedOut = new Map<string, string>()

  /** Files `table`'s pins after those waiting (`append`), or instead of them. */
  add(table: Map<string, Array<string | null>>, append: boolean): void {
    if (!append) this.clear()
    for (const [claim, ids] of table) this.queues.set(claim, [...(this.queues.get(claim) ?? []), ...ids])
  }

  /** The id of the next create under `claim`: the pin at the head of its queue, else one from `fresh`. */
  take(claim: string | undefined, fresh: () => string): string {
    const queue = claim === undefined ? undefined : this.queues.get(claim)
    if (claim === undefined || !queue) return fresh()
    const id = queue[0] ?? fresh()
    this.handedOut.set(id, claim)
    return id
  }

  /** A record was stored: the pin (or place holder) its id came from is used up. */
  stored(id: string): void {
    const claim = this.handedOut.get(id)
    if (claim === undefined) return
    this.handedOut.delete(id)
    const queue = this.queues.get(claim)
    queue?.shift()
    if (queue?.length === 0) this.queues.delete(claim)
  }

  clear(): void {
    this.queues = new Map()
    this.handedOut.clear()
  }
}
