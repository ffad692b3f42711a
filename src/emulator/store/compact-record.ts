// Records read back from a data directory are parsed into fresh objects, one per value: a million users with their
// memberships would carry millions of empty `metadata: {}` objects and copies of the same organization id and role
// names, which records made at run time share. Sharing them again on load keeps a restarted emulator about as small
// as the one that wrote the data.

/** Shared by every loaded record with an empty map or list; frozen, since records are never changed in place. */
const EMPTY_OBJECT = Object.freeze({})
const EMPTY_ARRAY = Object.freeze([]) as unknown as unknown[]
/** Fields that hold few distinct values across many records (an organization id, role names). */
const REPEATED_FIELDS = new Set(['organizationId', 'directoryId', 'connectionId', 'clientId', 'roles', 'status'])
/** Bounds the tables of shared strings and lists; past it, values are kept as parsed. */
const MAX_SHARED_STRINGS = 65_536

/** Finds the record a loaded reference names, so the reference can share the id string that record holds. */
export type ReferencedRecord = (field: string, id: string) => {id: string} | undefined

export class RecordCompactor {
  private readonly strings = new Map<string, string>()
  private readonly lists = new Map<string, unknown[]>()

  constructor(private readonly referenced: ReferencedRecord) {}

  /**
   * Replaces, in place, the empty objects and arrays of a freshly parsed record and of the objects it holds (one level
   * down: a user's profile, a SCIM resource), and its repeated strings. Deeper values are kept as parsed.
   */
  compact(record: Record<string, unknown>, depth = 0): void {
    for (const key in record) {
      const value = record[key]
      if (typeof value === 'string') {
        if (REPEATED_FIELDS.has(key)) record[key] = this.share(value)
        else if (depth === 0 && key !== 'id') {
          const target = this.referenced(key, value)
          if (target) record[key] = target.id
        }
      } else if (Array.isArray(value)) {
        if (value.length === 0) record[key] = EMPTY_ARRAY
        else if (REPEATED_FIELDS.has(key)) record[key] = this.shareList(value)
      } else if (value !== null && typeof value === 'object') {
        if (isEmpty(value)) record[key] = EMPTY_OBJECT
        else if (depth === 0) this.compact(value as Record<string, unknown>, 1)
      }
    }
  }

  /** One frozen copy of each list of repeated strings (`roles: ['member']` on a million memberships). */
  private shareList(list: unknown[]): unknown[] {
    if (!list.every((item) => typeof item === 'string')) return list
    const key = JSON.stringify(list)
    let shared = this.lists.get(key)
    if (shared === undefined) {
      if (this.lists.size >= MAX_SHARED_STRINGS) return list
      shared = Object.freeze(list.map((item) => this.share(item))) as unknown[]
      this.lists.set(key, shared)
    }
    return shared
  }

  private share(value: string): string {
    const shared = this.strings.get(value)
    if (shared !== undefined) return shared
    if (this.strings.size < MAX_SHARED_STRINGS) this.strings.set(value, value)
    return value
  }
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false
  return true
}
