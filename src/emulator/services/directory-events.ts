import type {JsonObject} from '@bufbuild/protobuf'
import {
  DirectoryProvider,
  DirectoryStatus,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import type {EmulatorEvent} from '../events/bus.js'
import {
  attribute,
  ENTERPRISE_USER_SCHEMA,
  entryValues,
  isObject,
  isTrue,
  primaryEntry,
  text,
} from '../../shared/scim.js'
import type {DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {mappedRoles} from './directory-roles.js'
import {groupsOf} from './directory-state.js'

// Scalekit's directory webhook events (reference/webhooks/directory-events): types, envelope objects and the
// snake_case `data` shapes. The same user and group shapes are the `user_detail`/`group_detail` of list RPCs.

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

export function directoryToggledEvent(directory: DirectoryRecord): EmulatorEvent {
  return {
    type: directory.enabled ? 'organization.directory_enabled' : 'organization.directory_disabled',
    object: 'Directory',
    organizationId: directory.organizationId,
    data: {
      directory_type: DirectoryType[directory.type],
      enabled: directory.enabled,
      id: directory.id,
      last_sync_at: iso(directory.lastSyncTime),
      organization_id: directory.organizationId,
      provider: DirectoryProvider[directory.provider],
      status: DirectoryStatus[directory.status],
      updated_at: iso(directory.updateTime),
    },
  }
}

export function userEvent(store: Store, change: 'created' | 'updated', user: DirectoryUserRecord): EmulatorEvent {
  return {
    type: `organization.directory.user_${change}`,
    object: 'DirectoryUser',
    organizationId: user.organizationId,
    data: directoryUserData(store, user),
  }
}

export function userDeletedEvent(user: DirectoryUserRecord): EmulatorEvent {
  const {resource} = user
  return {
    type: 'organization.directory.user_deleted',
    object: 'DirectoryUser',
    organizationId: user.organizationId,
    data: {
      id: user.id,
      organization_id: user.organizationId,
      directory_id: user.directoryId,
      dp_id: text(resource, 'externalId') ?? null,
      email: primaryEmail(resource) ?? null,
    },
  }
}

export function groupEvent(change: 'created' | 'updated', group: DirectoryGroupRecord): EmulatorEvent {
  return {
    type: `organization.directory.group_${change}`,
    object: 'DirectoryGroup',
    organizationId: group.organizationId,
    data: directoryGroupData(group),
  }
}

export function groupDeletedEvent(group: DirectoryGroupRecord): EmulatorEvent {
  return {
    type: 'organization.directory.group_deleted',
    object: 'DirectoryGroup',
    organizationId: group.organizationId,
    data: {...directoryGroupData(group), dp_id: text(group.resource, 'externalId') ?? null},
  }
}

/** A directory user as Scalekit normalises it, whatever the identity provider sent. */
export function directoryUserData(store: Store, user: DirectoryUserRecord): JsonObject {
  const {resource} = user
  const name = attribute(resource, 'name')
  const names = isObject(name) ? name : undefined
  const givenName = text(names, 'givenName')
  const familyName = text(names, 'familyName')
  const fullName =
    text(names, 'formatted') ??
    text(resource, 'displayName') ??
    ([givenName, familyName].filter(Boolean).join(' ') || null)
  return {
    id: user.id,
    organization_id: user.organizationId,
    directory_id: user.directoryId,
    dp_id: text(resource, 'externalId') ?? null,
    preferred_username: user.userName,
    email: primaryEmail(resource) ?? null,
    active: isTrue(attribute(resource, 'active')),
    name: fullName,
    given_name: givenName ?? null,
    family_name: familyName ?? null,
    nickname: text(resource, 'nickName') ?? null,
    picture: entryValues(resource, 'photos')[0] ?? null,
    phone_number: entryValues(resource, 'phoneNumbers')[0] ?? null,
    address: addressOf(resource),
    // The roles its groups are mapped to (AssignRoles), as Scalekit's group-based role assignment sends them.
    roles: mappedRoles(store, store.directories.get(user.directoryId), user).map((name) => ({role_name: name})),
    groups: groupsOf(store, user).map((group) => ({id: group.id, name: group.displayName})),
    custom_attributes: {},
    ...profileExtras(resource),
    raw_attributes: resource,
  }
}

export function directoryGroupData(group: DirectoryGroupRecord): JsonObject {
  return {
    directory_id: group.directoryId,
    display_name: group.displayName,
    external_id: text(group.resource, 'externalId') ?? null,
    id: group.id,
    organization_id: group.organizationId,
    raw_attributes: group.resource,
  }
}

export function primaryEmail(resource: JsonObject): string | undefined {
  return entryValues(resource, 'emails')[0]
}

function addressOf(resource: JsonObject): JsonObject | null {
  const address = primaryEntry(resource, 'addresses')
  if (!address) return null
  const fields = {
    formatted: text(address, 'formatted'),
    street_address: text(address, 'streetAddress'),
    locality: text(address, 'locality'),
    state: text(address, 'region'),
    postal_code: text(address, 'postalCode'),
    country: text(address, 'country'),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as JsonObject
}

/** The optional profile fields of Scalekit's samples, when the provider sent them (core and enterprise schema). */
function profileExtras(resource: JsonObject): JsonObject {
  const enterprise = attribute(resource, ENTERPRISE_USER_SCHEMA)
  const business = isObject(enterprise) ? enterprise : undefined
  const fields = {
    title: text(resource, 'title'),
    user_type: text(resource, 'userType'),
    locale: text(resource, 'locale'),
    language: text(resource, 'preferredLanguage'),
    zoneinfo: text(resource, 'timezone'),
    employee_id: text(business, 'employeeNumber'),
    cost_center: text(business, 'costCenter'),
    organization: text(business, 'organization'),
    division: text(business, 'division'),
    department: text(business, 'department'),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as JsonObject
}
