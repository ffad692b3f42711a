import {timestampMs} from '@bufbuild/protobuf/wkt'
import {
  DirectoryService,
  DirectoryStatus,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import type {EventBus} from '../events/bus.js'
import {alreadyExists, failedPrecondition, invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord} from '../store/records.js'
import {directoryClaim} from '../store/pinned-ids.js'
import type {Store} from '../store/store.js'
import {directoryToggledEvent} from './directory-events.js'
import {toDirectory, toDirectoryGroup, toDirectoryUser, toSecret} from './directory-messages.js'
import {activeSecret, newDirectorySecret} from './directory-secrets.js'
import {directorySettingsHandlers} from './directory-settings.js'
import {deleteDirectoryCascade, findDirectory} from './directory-state.js'
import {requireOrganization} from './lookup.js'
import {paginate} from './paging.js'

/**
 * Organizations' SCIM directories. Users and groups arrive through each directory's SCIM server
 * (`/directory/<id>/scim/v2`, see ../scim), authenticated with the directory's bearer secret; these RPCs manage the
 * directory and read what was provisioned.
 */
export const directoryService = defineService(DirectoryService, {
  createDirectory({organizationId, directory: input}, {store, origin}) {
    requireOrganization(store, organizationId)
    // protovalidate guarantees `directory` with a defined, non-zero type.
    const {directoryType, directoryProvider} = input!
    if (directoryType !== DirectoryType.SCIM) {
      throw invalidArgument(`the emulator serves SCIM directories only, not ${DirectoryType[directoryType]}`)
    }
    const now = Date.now()
    const fields: Omit<DirectoryRecord, 'id'> = {
      organizationId,
      type: directoryType,
      provider: directoryProvider,
      // Like Scalekit's "Configure" step: the endpoint works as soon as the provider has a secret.
      enabled: true,
      status: DirectoryStatus.DRAFT,
      secrets: [],
      createTime: now,
      updateTime: now,
    }
    const record: DirectoryRecord = {id: store.newId('dir', directoryClaim(store, fields)), ...fields}
    store.directories.put(record)
    return {directory: toDirectory(store, record, origin)}
  },

  getDirectory({organizationId, id}, {store, origin}) {
    return {directory: toDirectory(store, findDirectory(store, organizationId, id), origin)}
  },

  listDirectories({organizationId}, {store, origin}) {
    const directories = store.directories.listBy('organizationId', requireOrganization(store, organizationId).id)
    return {directories: directories.map((directory) => toDirectory(store, directory, origin))}
  },

  deleteDirectory({organizationId, id}, {store}) {
    deleteDirectoryCascade(store, findDirectory(store, organizationId, id))
    return {}
  },

  enableDirectory({organizationId, id}, {store, events}) {
    return {enabled: setEnabled(store, events, findDirectory(store, organizationId, id), true)}
  },

  disableDirectory({organizationId, id}, {store, events}) {
    return {enabled: setEnabled(store, events, findDirectory(store, organizationId, id), false)}
  },

  listDirectoryUsers(request, {store}) {
    const {organizationId, directoryId, pageSize, pageToken, includeDetail, directoryGroupId, updatedAfter} = request
    const directory = findDirectory(store, organizationId, directoryId)
    const members =
      directoryGroupId === undefined ? undefined : new Set(findGroup(store, directory, directoryGroupId).memberIds)
    const after = updatedAfter === undefined ? undefined : timestampMs(updatedAfter)
    const wanted = (user: DirectoryUserRecord) =>
      (!members || members.has(user.id)) && (after === undefined || user.updateTime > after)
    const filter = members || after !== undefined ? wanted : undefined
    const users = store.directoryUsers.group('directoryId', directory.id)
    const {items, ...paging} = paginate(users, {pageSize, pageToken}, filter)
    return {...paging, users: items.map((user) => toDirectoryUser(store, user, includeDetail ?? false))}
  },

  listDirectoryGroups(request, {store}) {
    const {organizationId, directoryId, pageSize, pageToken, includeDetail, updatedAfter} = request
    const directory = findDirectory(store, organizationId, directoryId)
    const after = updatedAfter === undefined ? undefined : timestampMs(updatedAfter)
    const filter = after === undefined ? undefined : (group: DirectoryGroupRecord) => group.updateTime > after
    const groups = store.directoryGroups.group('directoryId', directory.id)
    const {items, ...paging} = paginate(groups, {pageSize, pageToken}, filter)
    return {...paging, groups: items.map((group) => toDirectoryGroup(group, includeDetail ?? false))}
  },

  ...directorySettingsHandlers,

  /** The secret's value is in this answer and nowhere else, ever: only its hash is kept. */
  createDirectorySecret({organizationId, directoryId}, {store}) {
    const directory = findDirectory(store, organizationId, directoryId)
    if (activeSecret(directory)) {
      throw alreadyExists(`directory ${directory.id} already has a secret; regenerate it to replace it`)
    }
    return issueSecret(store, directory)
  },

  /** Replaces the active secret: the identity provider's old token stops working at once. */
  regenerateDirectorySecret({organizationId, directoryId}, {store}) {
    const directory = findDirectory(store, organizationId, directoryId)
    if (!activeSecret(directory)) {
      throw failedPrecondition(`directory ${directory.id} has no secret to regenerate; create one first`)
    }
    return issueSecret(store, directory)
  },
})

function findGroup(store: Store, directory: DirectoryRecord, id: string): DirectoryGroupRecord {
  const group = store.directoryGroups.get(id)
  if (group?.directoryId !== directory.id)
    throw notFound(`directory group ${id} not found in directory ${directory.id}`)
  return group
}

function setEnabled(store: Store, events: EventBus, directory: DirectoryRecord, enabled: boolean): boolean {
  if (directory.enabled !== enabled) {
    const updated = {...directory, enabled, updateTime: Date.now()}
    store.directories.put(updated)
    events.emit(directoryToggledEvent(updated))
  }
  return enabled
}

function issueSecret(store: Store, directory: DirectoryRecord) {
  const now = Date.now()
  const {plain, record} = newDirectorySecret(store, now)
  store.directories.put({
    ...directory,
    // Only the newest secret is kept: one bearer token per directory, as in Scalekit's admin portal.
    secrets: [record],
    status: directory.status === DirectoryStatus.DRAFT ? DirectoryStatus.IN_PROGRESS : directory.status,
    updateTime: now,
  })
  return {plainSecret: plain, secret: toSecret(directory.id, record)}
}
