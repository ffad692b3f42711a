import {notFound} from '../rpc/errors.js'
import type {DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireOrganization} from './lookup.js'

// Reading a directory's contents, shared by DirectoryService and the SCIM server.

/** Where a directory's SCIM server answers: the identity provider's "SCIM base URL". */
export function scimEndpoint(origin: string, directoryId: string): string {
  return `${origin}/directory/${directoryId}/scim/v2`
}

export function findDirectory(store: Store, organizationId: string, id: string): DirectoryRecord {
  requireOrganization(store, organizationId)
  const directory = store.directories.get(id)
  if (directory?.organizationId !== organizationId) throw notFound(`directory ${id} not found`)
  return directory
}

/** The groups `user` belongs to, in creation order (membership is held by the groups). */
export function groupsOf(store: Store, user: DirectoryUserRecord): DirectoryGroupRecord[] {
  return store.directoryGroups
    .listBy('directoryId', user.directoryId)
    .filter((group) => group.memberIds.includes(user.id))
}

/** The latest change to any record of a directory's collection, for the directory's stats. */
export function lastUpdate(records: Iterable<{updateTime: number}>): number | undefined {
  let latest: number | undefined
  for (const record of records) if (latest === undefined || record.updateTime > latest) latest = record.updateTime
  return latest
}

/** Removes a directory with its users and groups, in one transaction. */
export function deleteDirectoryCascade(store: Store, directory: DirectoryRecord): void {
  store.batch(() => {
    for (const user of store.directoryUsers.listBy('directoryId', directory.id)) store.directoryUsers.delete(user.id)
    for (const group of store.directoryGroups.listBy('directoryId', directory.id))
      store.directoryGroups.delete(group.id)
    store.directories.delete(directory.id)
  })
}
