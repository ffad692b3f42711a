import type {Clock} from '../clock.js'

/** Beyond this many tracked keys, keys with no recent event are dropped, so memory stays bounded. */
const PRUNE_AT = 1000

/** Counts events per key over a trailing window: the shape of Scalekit's per-address email limit. */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>()

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  count(key: string): number {
    return this.recent(key).length
  }

  add(key: string): void {
    if (this.events.size >= PRUNE_AT) this.prune()
    this.events.set(key, [...this.recent(key), this.clock()])
  }

  /** Milliseconds until the oldest event in the window leaves it. */
  msUntilSlot(key: string): number {
    const oldest = this.recent(key)[0]
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - this.clock())
  }

  clear(): void {
    this.events.clear()
  }

  private recent(key: string): number[] {
    const since = this.clock() - this.windowMs
    return (this.events.get(key) ?? []).filter((at) => at > since)
  }

  private prune(): void {
    for (const key of [...this.events.keys()]) if (this.recent(key).length === 0) this.events.delete(key)
  }
}
