/** Enough for any test run; beyond it the oldest entries go first, so a flood cannot exhaust memory. */
const MAX_ENTRIES = 10_000

/**
 * Short-lived, in-memory, one-time things (login requests, authorization codes): they are not persisted because
 * they are useless after a restart anyway. Every entry of one map lives equally long, so insertion order is expiry
 * order and pruning only looks at the front. Time is `Date.now()`, so tests can fake the clock.
 */
export class ExpiringMap<T> {
  private readonly entries = new Map<string, {value: T; expiresAt: number}>()

  constructor(readonly ttlMs: number) {}

  /** Stores `value` under `id`; returns when it expires (epoch ms). */
  set(id: string, value: T): number {
    this.prune()
    const expiresAt = Date.now() + this.ttlMs
    this.entries.set(id, {value, expiresAt})
    return expiresAt
  }

  get(id: string): T | undefined {
    const entry = this.entries.get(id)
    if (!entry) return undefined
    if (Date.now() >= entry.expiresAt) {
      this.entries.delete(id)
      return undefined
    }
    return entry.value
  }

  /** Returns and removes: whoever takes an entry is the only one who ever gets it. */
  take(id: string): T | undefined {
    const value = this.get(id)
    this.entries.delete(id)
    return value
  }

  clear(): void {
    this.entries.clear()
  }

  private prune(): void {
    const now = Date.now()
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < MAX_ENTRIES) break
      this.entries.delete(id)
    }
  }
}
