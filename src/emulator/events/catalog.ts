import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DirectoryProvider,
  DirectoryStatus,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {directoryGroupData, directoryToggledEvent, directoryUserData} from '../services/directory-events.js'
import type {
  ConnectionRecord,
  DirectoryRecord,
  MembershipRecord,
  OrganizationRecord,
  UserRecord,
} from '../store/records.js'
import type {Store} from '../store/store.js'
import {randomId} from '../webhooks/envelope.js'
import type {EmulatorEvent} from './bus.js'
import {connectionData, membershipEvent, organizationData} from './resource-data.js'

// Every webhook event type Scalekit documents (reference/webhooks: organization, user, SSO connection and directory
// events), each built from the emulator's own records of one organization. Where the organization has no such
// record yet (no member, connection or directory), a sample shaped like Scalekit's is built around the
// organization instead, and the event says so (`sample`), so a handler can be exercised on a fresh emulator.

/** An event ready to emit, and whether any of its data is a sample rather than a stored record. */
export interface BuiltEvent {
  event: EmulatorEvent
  sample: boolean
}

type Builder = (store: Store, organization: OrganizationRecord, type: string) => BuiltEvent

/** The earliest record of a group, without listing the group (an organization may hold 100,000 members). */
function firstOf<T>(store: Store, pick: (store: Store) => Iterable<[number, T]>): T | undefined {
  for (const [, record] of pick(store)) return record
  return undefined
}

const organizationEvent: Builder = (_store, organization, type) => ({
  event: {type, object: 'Organization', organizationId: organization.id, data: organizationData(organization)},
  sample: false,
})

/** The organization's first member, or a sample user with an active membership. */
function member(
  store: Store,
  organization: OrganizationRecord,
): {user: UserRecord; membership: MembershipRecord; sample: boolean} {
  const membership = firstOf(store, (s) => s.memberships.group('organizationId', organization.id).forwardFrom(0))
  const user = membership && store.users.get(membership.userId)
  if (membership && user) return {user, membership, sample: false}
  const now = Date.now()
  const domain = firstOf(store, (s) => s.domains.group('organizationId', organization.id).forwardFrom(0))?.domain
  const sampleUser: UserRecord = {
    id: randomId('usr'),
    email: `jane.doe@${domain ?? 'example.com'}`,
    metadata: {},
    profile: {
      id: randomId('usp'),
      givenName: 'Jane',
      familyName: 'Doe',
      name: 'Jane Doe',
      emailVerified: true,
      metadata: {},
      customAttributes: {},
      groups: [],
    },
    createTime: now,
    updateTime: now,
  }
  const sampleMembership: MembershipRecord = {
    id: `${organization.id}/${sampleUser.id}`,
    organizationId: organization.id,
    userId: sampleUser.id,
    status: MembershipStatus.ACTIVE,
    roles: [store.environment.defaultMemberRole],
    metadata: {},
    acceptTime: now,
    createTime: now,
    updateTime: now,
  }
  return {user: sampleUser, membership: sampleMembership, sample: true}
}

const userEvent: Builder = (store, organization, type) => {
  const {user, membership, sample} = member(store, organization)
  return {event: membershipEvent(type, organization, user, membership), sample}
}

function connectionOf(store: Store, organization: OrganizationRecord): {connection: ConnectionRecord; sample: boolean} {
  const stored = firstOf(store, (s) => s.connections.group('organizationId', organization.id).forwardFrom(0))
  if (stored) return {connection: stored, sample: false}
  const now = Date.now()
  return {
    connection: {
      id: randomId('conn'),
      organizationId: organization.id,
      type: ConnectionType.SAML,
      provider: ConnectionProvider.OKTA,
      status: ConnectionStatus.COMPLETED,
      enabled: true,
      createTime: now,
      updateTime: now,
    },
    sample: true,
  }
}

const ssoEvent: Builder = (store, organization, type) => {
  const {connection, sample} = connectionOf(store, organization)
  const {enabled: _enabled, status, ...described} = connectionData(connection)
  // Scalekit's samples: created and deleted describe the connection; enabled and disabled add its state.
  const toggled = type === 'organization.sso_enabled' || type === 'organization.sso_disabled'
  const data = toggled ? {...described, enabled: type === 'organization.sso_enabled', status} : described
  return {event: {type, object: 'Connection', organizationId: organization.id, data}, sample}
}

function directoryOf(store: Store, organization: OrganizationRecord): {directory: DirectoryRecord; sample: boolean} {
  const stored = firstOf(store, (s) => s.directories.group('organizationId', organization.id).forwardFrom(0))
  if (stored) return {directory: stored, sample: false}
  const now = Date.now()
  return {
    directory: {
      id: randomId('dir'),
      organizationId: organization.id,
      type: DirectoryType.SCIM,
      provider: DirectoryProvider.OKTA,
      enabled: true,
      status: DirectoryStatus.COMPLETED,
      secrets: [],
      lastSyncTime: now,
      createTime: now,
      updateTime: now,
    },
    sample: true,
  }
}

const directoryEvent: Builder = (store, organization, type) => {
  const {directory, sample} = directoryOf(store, organization)
  const toggled = directoryToggledEvent({...directory, enabled: type === 'organization.directory_enabled'})
  return {event: toggled, sample}
}

const directoryUserEvent: Builder = (store, organization, type) => {
  const {directory, sample} = directoryOf(store, organization)
  const stored = sample
    ? undefined
    : firstOf(store, (s) => s.directoryUsers.group('directoryId', directory.id).forwardFrom(0))
  let data: Record<string, unknown>
  if (stored) {
    data = directoryUserData(store, stored)
  } else {
    const {user} = member(store, organization)
    data = {
      id: randomId('diruser'),
      organization_id: organization.id,
      directory_id: directory.id,
      dp_id: null,
      preferred_username: user.email,
      email: user.email,
      active: true,
      name: user.profile.name ?? null,
      given_name: user.profile.givenName ?? null,
      family_name: user.profile.familyName ?? null,
      nickname: null,
      picture: null,
      phone_number: null,
      address: null,
      roles: [],
      groups: [],
      custom_attributes: {},
      raw_attributes: {},
    }
  }
  if (type === 'organization.directory.user_deleted') {
    const {id, organization_id, directory_id, dp_id, email} = data
    data = {id, organization_id, directory_id, dp_id, email}
  }
  return {event: {type, object: 'DirectoryUser', organizationId: organization.id, data}, sample: !stored}
}

const directoryGroupEvent: Builder = (store, organization, type) => {
  const {directory, sample} = directoryOf(store, organization)
  const stored = sample
    ? undefined
    : firstOf(store, (s) => s.directoryGroups.group('directoryId', directory.id).forwardFrom(0))
  const data: Record<string, unknown> = stored
    ? directoryGroupData(stored)
    : {
        directory_id: directory.id,
        display_name: 'Engineering',
        external_id: null,
        id: randomId('dirgroup'),
        organization_id: organization.id,
        raw_attributes: {},
      }
  if (type === 'organization.directory.group_deleted') data.dp_id = data.external_id ?? null
  return {event: {type, object: 'DirectoryGroup', organizationId: organization.id, data}, sample: !stored}
}

const CATALOG: Record<string, Builder> = {
  'organization.created': organizationEvent,
  'organization.updated': organizationEvent,
  'organization.deleted': organizationEvent,
  'user.signup': userEvent,
  'user.login': userEvent,
  'user.logout': userEvent,
  'user.organization_invitation': userEvent,
  'user.organization_membership_created': userEvent,
  'user.organization_membership_updated': userEvent,
  'user.organization_membership_deleted': userEvent,
  'organization.sso_created': ssoEvent,
  'organization.sso_enabled': ssoEvent,
  'organization.sso_disabled': ssoEvent,
  'organization.sso_deleted': ssoEvent,
  'organization.directory_enabled': directoryEvent,
  'organization.directory_disabled': directoryEvent,
  'organization.directory.user_created': directoryUserEvent,
  'organization.directory.user_updated': directoryUserEvent,
  'organization.directory.user_deleted': directoryUserEvent,
  'organization.directory.group_created': directoryGroupEvent,
  'organization.directory.group_updated': directoryGroupEvent,
  'organization.directory.group_deleted': directoryGroupEvent,
}

/** The event types `POST /_emulator/trigger` can raise, in the order Scalekit's reference lists them. */
export const EVENT_TYPES: readonly string[] = Object.keys(CATALOG)

export function isCatalogued(type: string): boolean {
  return Object.hasOwn(CATALOG, type)
}

/** Builds an event of a catalogued type about `organization`. */
export function buildEvent(store: Store, organization: OrganizationRecord, type: string): BuiltEvent {
  const builder = CATALOG[type]
  if (!builder) throw new Error(`no event type ${type}`)
  return builder(store, organization, type)
}
