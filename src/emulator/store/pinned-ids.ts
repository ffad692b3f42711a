import {
  ConnectionProvider,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DirectoryProvider} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {type PinnedId, PinnedIdError, pinClaim} from '../../shared/pinned-ids.js'
import type {ConnectionRecord, DirectoryRecord} from './records.js'
import type {Store} from './store.js'

// The emulator's side of pinned ids (src/shared/pinned-ids.ts): a pin is checked against what the store holds, then
// filed under its claim; the create a claim names takes the id instead of a new one (Store.newId).

/** A provider as environment files name it: `MICROSOFT_AD` → `microsoft-ad`. */
const fileName = (enumName: string | undefined) => (enumName ?? '').toLowerCase().replaceAll('_', '-')
const externalIdOf = (store: Store, organizationId: string) => store.organizations.get(organizationId)?.externalId

/** The claim of a connection about to be created: its organization's external id, its type and provider. */
export function connectionClaim(store: Store, record: Omit<ConnectionRecord, 'id'>): string | undefined {
  const organization = externalIdOf(store, record.organizationId)
  if (!organization) return undefined
  return pinClaim({
    kind: 'connection',
    id: null,
    organization,
    provider: fileName(ConnectionProvider[record.provider]),
    type: ConnectionType[record.type] ?? '',
  })
}

export function directoryClaim(store: Store, record: Omit<DirectoryRecord, 'id'>): string | undefined {
  const organization = externalIdOf(store, record.organizationId)
  if (!organization) return undefined
  return pinClaim({kind: 'directory', id: null, organization, provider: fileName(DirectoryProvider[record.provider])})
}

/**
 * Files `pins` with the store, replacing any filed before (or after them, with `append`). A pin whose id already names the same thing needs no
 * create (apply matches it); one whose id names something else, or whose thing exists under another id, is refused
 * — all or nothing: nothing is filed when any pin is refused.
 */
export function reservePinnedIds(store: Store, pins: PinnedId[], options: {append?: boolean} = {}): number {
  const table = new Map<string, Array<string | null>>()
  const seen = new Set<string>()
  let reserved = 0
  for (const pin of pins) {
    if (pin.id !== null) {
      if (seen.has(pin.id)) throw new PinnedIdError(pin.id, 'is pinned twice')
      seen.add(pin.id)
      if (holdsAlready(store, pin as PinnedId & {id: string})) continue
    }
    const claim = pinClaim(pin)
    table.set(claim, [...(table.get(claim) ?? []), pin.id])
    if (pin.id !== null) reserved++
  }
  store.pinIds(table, options.append === true)
  return reserved
}

/** True when the pinned thing exists with that id; throws when the id or the thing is taken otherwise. */
function holdsAlready(store: Store, pin: PinnedId & {id: string}): boolean {
  switch (pin.kind) {
    case 'organization': {
      const byId = store.organizations.get(pin.id)
      if (byId && byId.externalId !== pin.externalId) {
        throw new PinnedIdError(
          pin.id,
          `already exists as another organization (${byId.externalId ?? byId.displayName})`,
        )
      }
      const byKey = store.organizations.getBy('externalId', pin.externalId)
      if (byKey && byKey.id !== pin.id) {
        throw new PinnedIdError(pin.id, `organization ${pin.externalId} already exists as ${byKey.id}`)
      }
      return byId !== undefined
    }
    case 'user': {
      const byId = store.users.get(pin.id)
      if (byId && byId.email.toLowerCase() !== pin.email.toLowerCase()) {
        throw new PinnedIdError(pin.id, `already exists as another user (${byId.email})`)
      }
      const byKey = store.users.getBy('email', pin.email.toLowerCase())
      if (byKey && byKey.id !== pin.id)
        throw new PinnedIdError(pin.id, `user ${pin.email} already exists as ${byKey.id}`)
      return byId !== undefined
    }
    case 'connection': {
      const byId = store.connections.get(pin.id)
      if (byId && connectionClaim(store, byId) !== pinClaim(pin)) {
        throw new PinnedIdError(pin.id, 'already exists as another connection (another organization, type or provider)')
      }
      return byId !== undefined
    }
    case 'directory': {
      const byId = store.directories.get(pin.id)
      if (byId && directoryClaim(store, byId) !== pinClaim(pin)) {
        throw new PinnedIdError(pin.id, 'already exists as another directory (another organization or provider)')
      }
      return byId !== undefined
    }
  }
}

export const organizationClaim = (externalId: string | undefined) =>
  externalId ? pinClaim({kind: 'organization', id: '', externalId}) : undefined
export const userClaim = (email: string) => pinClaim({kind: 'user', id: '', email})
