import type {JsonObject} from '@bufbuild/protobuf'
import type {EmulatorEvent} from '../events/bus.js'
import {groupDeletedEvent, groupEvent, userEvent} from '../services/directory-events.js'
import {directoryKey} from '../store/keys.js'
import type {DirectoryGroupRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {
  attribute,
  clone,
  GROUP_SCHEMA,
  isObject,
  removeAttribute,
  sameJson,
  setAttribute,
  text,
} from '../../shared/scim.js'
import {badRequest} from './errors.js'
import {location, meta, requireSchema, type ResourceType, type ScimContext} from './resources.js'

interface ParsedGroup {
  displayName: string
  memberIds: string[]
  /** The resource without `members`, which the record keeps as ids. */
  resource: JsonObject
}

/**
 * SCIM Groups (RFC 7643 §4.2) as directory groups. Members are users of the same directory (`members[].value` is
 * their id). A membership change is a change to the user too (its groups, and the roles Scalekit derives from
 * them), so each user added or removed raises user_updated besides the group's own event.
 */
export const groupResources: ResourceType<DirectoryGroupRecord, ParsedGroup> = {
  name: 'Group',
  endpoint: 'Groups',
  uniqueAttribute: 'displayName',
  readOnly: ['id', 'meta'],
  byId: (store, id) => store.directoryGroups.get(id),
  byUniqueValue: (store, directoryId, value) =>
    store.directoryGroups.getBy('displayName', directoryKey(directoryId, value)),
  inDirectory: (store, directoryId) => store.directoryGroups.listBy('directoryId', directoryId),

  parse(context, body) {
    requireSchema(body, GROUP_SCHEMA)
    const resource = clone(body)
    const displayName = text(resource, 'displayName')?.trim()
    if (!displayName) throw badRequest('invalidValue', 'displayName is required')
    setAttribute(resource, 'displayName', displayName)
    const memberIds = parseMembers(context, attribute(resource, 'members'))
    removeAttribute(resource, 'members')
    return {displayName, memberIds, resource}
  },

  writable: (_context, group) => ({...group.resource, members: group.memberIds.map((id) => ({value: id}))}),

  uniqueValue: (group) => group.displayName,

  save({store, directory}, previous, {displayName, memberIds, resource}) {
    if (previous && sameJson(previous.resource, resource) && sameJson(previous.memberIds, memberIds)) {
      return {record: previous, events: []}
    }
    const now = Date.now()
    const record: DirectoryGroupRecord = {
      id: previous?.id ?? store.newId('dirgroup'),
      directoryId: directory.id,
      organizationId: directory.organizationId,
      displayName,
      memberIds,
      resource,
      createTime: previous?.createTime ?? now,
      updateTime: now,
    }
    store.directoryGroups.put(record)
    const events: EmulatorEvent[] = [groupEvent(previous ? 'updated' : 'created', record)]
    const before = new Set(previous?.memberIds)
    const after = new Set(memberIds)
    const changed = [...memberIds.filter((id) => !before.has(id)), ...[...before].filter((id) => !after.has(id))]
    return {record, events: [...events, ...touchUsers(store, changed, now)]}
  },

  remove({store}, group) {
    store.directoryGroups.delete(group.id)
    return [groupDeletedEvent(group), ...touchUsers(store, group.memberIds, Date.now())]
  },

  render(context, group) {
    const {schemas, ...attributes} = group.resource
    const members = group.memberIds.map((id) => ({
      value: id,
      display: context.store.directoryUsers.get(id)?.userName ?? id,
      $ref: location(context, 'Users', id),
    }))
    return {
      schemas: schemas ?? [GROUP_SCHEMA],
      id: group.id,
      ...attributes,
      members,
      meta: meta(context, groupResources, group),
    }
  },
}

/** Member ids in the order given, once each; every one must be a user of this directory. */
function parseMembers({store, directory}: ScimContext, members: JsonObject[string] | undefined): string[] {
  if (members === undefined || members === null) return []
  if (!Array.isArray(members)) throw badRequest('invalidValue', 'members must be an array')
  const ids = new Set<string>()
  for (const member of members) {
    const id = isObject(member) ? text(member, 'value') : undefined
    if (!id) throw badRequest('invalidValue', 'each member needs a "value": the id of a user')
    if (store.directoryUsers.get(id)?.directoryId !== directory.id) {
      throw badRequest('invalidValue', `member ${id} is not a user of this directory`)
    }
    ids.add(id)
  }
  return [...ids]
}

/** Users whose group membership changed: a new update time (for `updated_after`) and a user_updated event. */
function touchUsers(store: Store, userIds: string[], now: number): EmulatorEvent[] {
  return userIds.flatMap((id) => {
    const user = store.directoryUsers.get(id)
    if (!user) return []
    const updated = {...user, updateTime: now}
    store.directoryUsers.put(updated)
    return [userEvent(store, 'updated', updated)]
  })
}
