import {
  type DirectoryService,
  DirectoryStatus,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {failedPrecondition, invalidArgument, notFound} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import type {DirectoryRecord} from '../store/records.js'
import {toDirectory, toDirectoryGroup, toRoleAssignments} from './directory-messages.js'
import {applyGroupRoles} from './directory-roles.js'
import {findDirectory} from './directory-state.js'
import {requireRole} from './lookup.js'

/**
 * How a directory is set up besides its secrets: name and provider, group-to-role mappings, attribute mappings,
 * which groups are tracked, and a manual sync. Part of DirectoryService (see ./directories.ts).
 */
export const directorySettingsHandlers: ServiceHandlers<typeof DirectoryService> = {
  /** The name is required; fields left at zero are kept. Enabling and disabling stay with Enable/DisableDirectory. */
  updateDirectory({organizationId, id, directory: input}, {store, origin}) {
    const directory = findDirectory(store, organizationId, id)
    // protovalidate guarantees `directory` and its name.
    const {name, directoryType, directoryProvider, status, mappings, groups} = input!
    if (directoryType !== DirectoryType.DIRECTORY_TYPE_UNSPECIFIED && directoryType !== DirectoryType.SCIM) {
      throw invalidArgument(`the emulator serves SCIM directories only, not ${DirectoryType[directoryType]}`)
    }
    const updated: DirectoryRecord = {
      ...directory,
      name,
      ...(directoryProvider ? {provider: directoryProvider} : {}),
      ...(status !== DirectoryStatus.DIRECTORY_STATUS_UNSPECIFIED ? {status} : {}),
      ...(mappings.length > 0 ? {attributeMappings: attributeMappings(mappings)} : {}),
      ...(groups.length > 0 ? {trackedGroupIds: externalIds(groups.map((group) => group.externalId))} : {}),
      updateTime: Date.now(),
    }
    store.directories.put(updated)
    return {directory: toDirectory(store, updated, origin)}
  },

  /** Chooses the identity provider's groups (by external id) the directory tracks. */
  assignGroupsForDirectory({organizationId, id, externalIds: ids}, {store}) {
    const directory = findDirectory(store, organizationId, id)
    store.directories.put({...directory, trackedGroupIds: externalIds(ids), updateTime: Date.now()})
    return {}
  },

  /**
   * Replaces the directory's group-to-role mappings; each names a group of this directory and a role of the
   * organization (environment or its own), by name. Members' roles follow at once (see ./directory-roles.ts).
   */
  assignRoles({organizationId, id, roleAssignments}, {store}) {
    const directory = findDirectory(store, organizationId, id)
    // protovalidate guarantees each assignment's group_id and role_name.
    const assignments = (roleAssignments?.assignments ?? []).map(({groupId, roleName}) => {
      if (store.directoryGroups.get(groupId)?.directoryId !== directory.id) {
        throw notFound(`directory group ${groupId} not found in directory ${directory.id}`)
      }
      return {groupId, roleName: requireRole(store, roleName, organizationId).name}
    })
    const unique = [...new Map(assignments.map((a) => [`${a.groupId}/${a.roleName}`, a])).values()]
    const hadMappings = (directory.roleAssignments ?? []).length > 0
    const updated = {...directory, roleAssignments: unique, updateTime: Date.now()}
    store.batch(() => {
      store.directories.put(updated)
      applyGroupRoles(store, updated, hadMappings)
    })
    return {roleAssignments: toRoleAssignments(store, updated)}
  },

  /** Replaces the attribute mappings (directory attribute `key` → application attribute `map_to`). */
  updateAttributes({organizationId, id, attributeMapping}, {store}) {
    const directory = findDirectory(store, organizationId, id)
    const updated = {
      ...directory,
      attributeMappings: attributeMappings(attributeMapping?.attributes ?? []),
      updateTime: Date.now(),
    }
    store.directories.put(updated)
    return {attributeMappings: {attributes: updated.attributeMappings}}
  },

  /**
   * SCIM is pushed by the identity provider, so there is nothing to pull: a sync re-applies what the directory
   * derives from its contents (members' roles from the group mappings) and stamps the sync time.
   */
  triggerDirectorySync({organizationId, directoryId}, {store}) {
    const directory = findDirectory(store, organizationId, directoryId)
    if (!directory.enabled) throw failedPrecondition(`directory ${directory.id} is disabled; enable it to sync`)
    const updated = {...directory, lastSyncTime: Date.now()}
    store.batch(() => {
      store.directories.put(updated)
      applyGroupRoles(store, updated)
    })
    return {}
  },

  /** Every group of the directory, without details or paging: what a mapping screen lists. */
  listDirectoryGroupsSummary({organizationId, directoryId}, {store}) {
    const directory = findDirectory(store, organizationId, directoryId)
    const groups = store.directoryGroups.listBy('directoryId', directory.id)
    return {groups: groups.map((group) => toDirectoryGroup(group, false)), totalSize: groups.length}
  },
}

function attributeMappings(mappings: readonly {key: string; mapTo: string}[]): {key: string; mapTo: string}[] {
  return mappings.map(({key, mapTo}, index) => {
    if (!key.trim() || !mapTo.trim()) throw invalidArgument(`attribute mapping ${index} needs a key and a map_to`)
    return {key: key.trim(), mapTo: mapTo.trim()}
  })
}

function externalIds(ids: readonly string[]): string[] {
  if (ids.some((id) => !id.trim())) throw invalidArgument('external_ids: each group external id must be non-empty')
  return [...new Set(ids.map((id) => id.trim()))]
}
