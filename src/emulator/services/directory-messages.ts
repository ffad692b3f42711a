import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  type DirectoryGroupSchema,
  type DirectorySchema,
  DirectoryStatus,
  type DirectoryUserSchema,
  type SecretSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {attribute, entryValues, isObject, text} from '../../shared/scim.js'
import type {
  DirectoryGroupRecord,
  DirectoryRecord,
  DirectorySecretRecord,
  DirectoryUserRecord,
} from '../store/records.js'
import type {Store} from '../store/store.js'
import {directoryGroupData, directoryUserData} from './directory-events.js'
import {groupsOf, lastUpdate, scimEndpoint} from './directory-state.js'
import {findRoleFor} from './lookup.js'

const timestamp = (ms: number | undefined) => (ms === undefined ? undefined : timestampFromMs(ms))

export function toDirectory(
  store: Store,
  directory: DirectoryRecord,
  origin: string,
): MessageInitShape<typeof DirectorySchema> {
  const users = store.directoryUsers.listBy('directoryId', directory.id)
  const groups = store.directoryGroups.listBy('directoryId', directory.id)
  return {
    id: directory.id,
    directoryType: directory.type,
    organizationId: directory.organizationId,
    enabled: directory.enabled,
    directoryProvider: directory.provider,
    lastSyncedAt: timestamp(directory.lastSyncTime),
    directoryEndpoint: scimEndpoint(origin, directory.id),
    totalUsers: users.length,
    totalGroups: groups.length,
    secrets: directory.secrets.map((secret) => toSecret(directory.id, secret)),
    stats: {
      totalUsers: users.length,
      totalGroups: groups.length,
      userUpdatedAt: timestamp(lastUpdate(users)),
      groupUpdatedAt: timestamp(lastUpdate(groups)),
    },
    status: DirectoryStatus[directory.status],
    name: directory.name ?? '',
    roleAssignments: toRoleAssignments(store, directory),
    attributeMappings: {attributes: directory.attributeMappings ?? []},
    // Every group unless some were chosen with AssignGroupsForDirectory.
    groupsTracked: directory.trackedGroupIds ? 'SELECTED' : 'ALL',
  }
}

/** Group-to-role mappings with the role's id as well as its name (an id of '' if the role is gone since). */
export function toRoleAssignments(store: Store, directory: DirectoryRecord) {
  const assignments = (directory.roleAssignments ?? []).map(({groupId, roleName}) => ({
    groupId,
    roleName,
    roleId: findRoleFor(store, roleName, directory.organizationId)?.id ?? '',
  }))
  return {assignments}
}

/** A secret as the API shows it: never the value, only its last characters. */
export function toSecret(directoryId: string, secret: DirectorySecretRecord): MessageInitShape<typeof SecretSchema> {
  return {
    id: secret.id,
    directoryId,
    createTime: timestampFromMs(secret.createTime),
    secretSuffix: secret.suffix,
    status: secret.status,
    lastUsedTime: timestamp(secret.lastUsedTime),
  }
}

export function toDirectoryUser(
  store: Store,
  user: DirectoryUserRecord,
  detail: boolean,
): MessageInitShape<typeof DirectoryUserSchema> {
  const name = attribute(user.resource, 'name')
  const names = isObject(name) ? name : undefined
  const emails = entryValues(user.resource, 'emails')
  return {
    id: user.id,
    email: emails[0] ?? '',
    preferredUsername: user.userName,
    givenName: text(names, 'givenName') ?? '',
    familyName: text(names, 'familyName') ?? '',
    updatedAt: timestampFromMs(user.updateTime),
    emails,
    groups: groupsOf(store, user).map((group) => toDirectoryGroup(group, false)),
    ...(detail ? {userDetail: directoryUserData(store, user)} : {}),
  }
}

export function toDirectoryGroup(
  group: DirectoryGroupRecord,
  detail: boolean,
): MessageInitShape<typeof DirectoryGroupSchema> {
  return {
    id: group.id,
    displayName: group.displayName,
    totalUsers: group.memberIds.length,
    updatedAt: timestampFromMs(group.updateTime),
    ...(detail ? {groupDetail: directoryGroupData(group)} : {}),
  }
}
