// Pinned ids: an environment file may fix the ids of organizations, connections, directories and users. A real
// Scalekit environment picks its own ids; the emulator honours pins. The CLI sends them (`startEmulator({pinnedIds})`,
// `main.js --pinned-ids-stdin`, `POST /_emulator/pinned-ids`) and the emulator's store hands each one to the create
// it names. Both sides import this module; it imports neither.

/**
 * One pinned id and the create that takes it: an organization by external id, a user by email, a connection or
 * directory by its organization's external id, type and provider. A connection or directory entry with a null id
 * holds the place of an unpinned one, so that pins of the same kind go to the right creates, in file order.
 */
export type PinnedId =
  | {kind: 'organization'; id: string; externalId: string}
  | {kind: 'user'; id: string; email: string}
  | {kind: 'connection'; id: string | null; organization: string; provider: string; type: string}
  | {kind: 'directory'; id: string | null; organization: string; provider: string}

export const PINNED_ID_PATTERNS: Record<PinnedId['kind'], RegExp> = {
  connection: /^conn_[A-Za-z0-9]{1,60}$/,
  directory: /^dir_[A-Za-z0-9]{1,60}$/,
  organization: /^org_[A-Za-z0-9]{1,60}$/,
  user: /^usr_[A-Za-z0-9]{1,60}$/,
}

/** A pin the emulator cannot honour; `id` names it so the CLI can point at its line in the file. */
export class PinnedIdError extends Error {
  override name = 'PinnedIdError'
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(`${id}: ${message}`)
  }
}

/** The claim a pin is filed under: what the store computes from the record it is about to create. */
export function pinClaim(pin: PinnedId): string {
  switch (pin.kind) {
    case 'organization':
      return `organization ${pin.externalId}`
    case 'user':
      return `user ${pin.email.toLowerCase()}`
    case 'connection':
      return `connection ${pin.organization} ${pin.type} ${pin.provider}`
    case 'directory':
      return `directory ${pin.organization} ${pin.provider}`
  }
}

/** Checks the shape of a list sent over the wire (the admin endpoint, the detached emulator's stdin). */
export function parsePinnedIds(value: unknown): PinnedId[] {
  if (!Array.isArray(value)) throw new PinnedIdError('pinned ids', 'expected a list')
  const text = (v: unknown) => typeof v === 'string' && v !== ''
  return value.map((item: unknown, i) => {
    const pin = (item ?? {}) as Record<string, unknown>
    const kind = pin.kind as PinnedId['kind']
    const pattern = PINNED_ID_PATTERNS[kind] as RegExp | undefined
    const id = pin.id
    const fail = (why: string) => new PinnedIdError(typeof id === 'string' ? id : `pinned id #${i + 1}`, why)
    if (!pattern) throw fail(`unknown kind ${JSON.stringify(pin.kind)}`)
    if (id === null && (kind === 'connection' || kind === 'directory')) {
      // a place holder
    } else if (typeof id !== 'string' || !pattern.test(id)) {
      throw fail(`not an id of this kind (${pattern.source})`)
    }
    const keys: Record<PinnedId['kind'], string[]> = {
      connection: ['organization', 'type', 'provider'],
      directory: ['organization', 'provider'],
      organization: ['externalId'],
      user: ['email'],
    }
    for (const key of keys[kind]) if (!text(pin[key])) throw fail(`missing ${key}`)
    return pin as PinnedId
  })
}
