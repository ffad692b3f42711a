import {hash} from 'node:crypto'

/**
 * A set of strings kept as 52-bit fingerprints in one Float64Array (open addressing, linear probing): about
 * 10 bytes per key instead of ~80 for a Set of strings, so a million-row import's duplicate check stays small.
 * Two different keys share a fingerprint with probability about n²/2⁵³ (1e-4 for two million keys); the cost of
 * that is one row reported as a duplicate that was not, never a lost or duplicated user.
 *
 * `expected` (how many keys the caller expects, e.g. the rows counted before an import) sizes the table on the
 * first add, so a large import never holds an old and a new table at once while growing; fewer keys than expected
 * cost nothing until the first add, more just grow the table.
 */
export class SeenKeys {
  private slots = new Float64Array(0)
  private count = 0

  constructor(private readonly expected = 0) {}

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if (this.slots.length === 0) this.slots = new Float64Array(Math.max(MIN_SLOTS, slotsFor(this.expected)))
    else if (this.count + 1 > this.slots.length * MAX_LOAD) this.grow()
    const added = insert(this.slots, fingerprint(key))
    if (added) this.count++
    return added
  }

  has(key: string): boolean {
    return this.count > 0 && find(this.slots, fingerprint(key)) !== undefined
  }

  get size(): number {
    return this.count
  }

  private grow(): void {
    const old = this.slots
    this.slots = new Float64Array(Math.ceil(old.length * 1.6))
    for (const value of old) if (value !== 0) insert(this.slots, value)
  }
}

const MAX_LOAD = 0.75
const MIN_SLOTS = 1 << 12
const slotsFor = (keys: number) => Math.ceil(keys / MAX_LOAD) + 1

const TWO_32 = 2 ** 32

/** A non-zero integer below 2⁵³ from the key's SHA-256 (zero marks an empty slot). */
function fingerprint(key: string): number {
  const digest = hash('sha256', key, 'buffer')
  return (digest.readUInt32BE(0) & 0x1f_ffff) * TWO_32 + digest.readUInt32BE(4) || 1
}

function find(slots: Float64Array, value: number): number | undefined {
  for (let at = value % slots.length; ; at = at + 1 === slots.length ? 0 : at + 1) {
    if (slots[at] === value) return at
    if (slots[at] === 0) return undefined
  }
}

function insert(slots: Float64Array, value: number): boolean {
  let at = value % slots.length
  for (;;) {
    const current = slots[at]
    if (current === value) return false
    if (current === 0) {
      slots[at] = value
      return true
    }
    at = at + 1 === slots.length ? 0 : at + 1
  }
}
