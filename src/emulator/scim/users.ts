import type {JsonObject} from '@bufbuild/protobuf'
import type {EmulatorEvent} from '../events/bus.js'
import {groupEvent, userDeletedEvent, userEvent} from '../services/directory-events.js'
import {groupsOf} from '../services/directory-state.js'
import {directoryKey} from '../store/keys.js'
import type {DirectoryUserRecord} from '../store/records.js'
import {attribute, booleanOf, clone, sameJson, setAttribute, text, USER_SCHEMA} from '../../shared/scim.js'
import {badRequest} from './errors.js'
import {location, meta, requireSchema, type ResourceType} from './resources.js'

interface ParsedUser {
  userName: string
  /** The resource as stored: `active` normalised to a boolean. */
  resource: JsonObject
}

/**
 * SCIM Users (RFC 7643 §4.1) as directory users: `userName` is Scalekit's `preferred_username`, `emails` (primary
 * first) its `email`, `name.givenName`/`familyName`, `active` and `externalId` (`dp_id`) carry over, and `groups`
 * is read-only, computed from the groups' members.
 */
export const userResources: ResourceType<DirectoryUserRecord, ParsedUser> = {
  name: 'User',
  endpoint: 'Users',
  uniqueAttribute: 'userName',
  readOnly: ['id', 'meta', 'groups'],
  byId: (store, id) => store.directoryUsers.get(id),
  byUniqueValue: (store, directoryId, value) =>
    store.directoryUsers.getBy('userName', directoryKey(directoryId, value)),
  inDirectory: (store, directoryId) => store.directoryUsers.listBy('directoryId', directoryId),

  parse(_context, body) {
    requireSchema(body, USER_SCHEMA)
    const resource = clone(body)
    const userName = text(resource, 'userName')?.trim()
    if (!userName) throw badRequest('invalidValue', 'userName is required')
    const given = attribute(resource, 'active')
    const active = given === undefined || given === null ? true : booleanOf(given)
    if (active === undefined) throw badRequest('invalidValue', `active must be a boolean, not ${JSON.stringify(given)}`)
    setAttribute(resource, 'userName', userName)
    setAttribute(resource, 'active', active)
    return {userName, resource}
  },

  writable: (_context, user) => user.resource,

  uniqueValue: (user) => user.userName,

  save({store, directory}, previous, {userName, resource}) {
    if (previous && previous.userName === userName && sameJson(previous.resource, resource)) {
      return {record: previous, events: []}
    }
    const now = Date.now()
    const record: DirectoryUserRecord = {
      id: previous?.id ?? store.newId('diruser'),
      directoryId: directory.id,
      organizationId: directory.organizationId,
      userName,
      resource,
      createTime: previous?.createTime ?? now,
      updateTime: now,
    }
    store.directoryUsers.put(record)
    return {record, events: [userEvent(store, previous ? 'updated' : 'created', record)]}
  },

  /** The user leaves its groups too: each of them changed, so each raises group_updated. */
  remove({store}, user) {
    const events: EmulatorEvent[] = [userDeletedEvent(user)]
    const now = Date.now()
    for (const group of groupsOf(store, user)) {
      const updated = {...group, memberIds: group.memberIds.filter((id) => id !== user.id), updateTime: now}
      store.directoryGroups.put(updated)
      events.push(groupEvent('updated', updated))
    }
    store.directoryUsers.delete(user.id)
    return events
  },

  render(context, user) {
    const {schemas, ...attributes} = user.resource
    const groups = groupsOf(context.store, user).map((group) => ({
      value: group.id,
      display: group.displayName,
      $ref: location(context, 'Groups', group.id),
    }))
    return {
      schemas: schemas ?? [USER_SCHEMA],
      id: user.id,
      ...attributes,
      ...(groups.length > 0 ? {groups} : {}),
      meta: meta(context, userResources, user),
    }
  },
}
