import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {MembershipStatus, RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {ConnectionRecord, MembershipRecord, OrganizationRecord, UserRecord} from '../store/records.js'
import type {EmulatorEvent} from './bus.js'

// The `data` of Scalekit's webhook events about organizations, users and SSO connections, in the snake_case shapes
// of its developer docs (reference/webhooks/organization-events, user-events, sso-events).

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())
const orNull = (record: Record<string, string>) => (Object.keys(record).length === 0 ? null : record)

/** Scalekit's samples always list both features, enabled or not. */
const DOCUMENTED_FEATURES = ['sso', 'dir_sync']

export function organizationData(organization: OrganizationRecord): Record<string, unknown> {
  const features = organization.features.map(({enabled, name}) => ({enabled, name}))
  for (const name of DOCUMENTED_FEATURES) {
    if (!features.some((feature) => feature.name === name)) features.push({enabled: false, name})
  }
  return {
    create_time: iso(organization.createTime),
    display_name: organization.displayName,
    external_id: organization.externalId ?? null,
    id: organization.id,
    metadata: orNull(organization.metadata),
    region_code: organization.regionCode === RegionCode.EU ? 'EU' : 'US',
    update_time: iso(organization.updateTime),
    settings: {features},
  }
}

export function connectionData(connection: ConnectionRecord): Record<string, unknown> {
  return {
    id: connection.id,
    organization_id: connection.organizationId,
    connection_type: ConnectionType[connection.type],
    provider: ConnectionProvider[connection.provider],
    enabled: connection.enabled,
    status: ConnectionStatus[connection.status],
  }
}

function userData(user: UserRecord, membership?: MembershipRecord): Record<string, unknown> {
  const {profile} = user
  return {
    create_time: iso(user.createTime),
    email: user.email,
    external_id: user.externalId ?? null,
    id: user.id,
    metadata: user.metadata,
    update_time: iso(user.updateTime),
    user_profile: {
      custom_attributes: orNull(profile.customAttributes),
      email_verified: profile.emailVerified,
      family_name: profile.familyName ?? '',
      given_name: profile.givenName ?? '',
      id: profile.id,
      locale: profile.locale ?? '',
      metadata: profile.metadata,
      name: profile.name ?? '',
      phone_number: profile.phoneNumber ?? '',
      picture: profile.picture ?? '',
      preferred_username: profile.preferredUsername ?? '',
    },
    ...(membership && {
      membership: {
        accepted_at: iso(membership.acceptTime),
        created_at: iso(membership.createTime),
        membership_status: MembershipStatus[membership.status],
        organization_id: membership.organizationId,
        roles: membership.roles.map((name) => ({name})),
      },
    }),
  }
}

/**
 * Scalekit's user and membership events (`user.signup`, `user.login`, `user.organization_*`): `OrgMembershipEvent`
 * objects whose data holds the organization and the user (with the membership, when there is one).
 */
export function membershipEvent(
  type: string,
  organization: OrganizationRecord,
  user: UserRecord,
  membership?: MembershipRecord,
): EmulatorEvent {
  return {
    type,
    object: 'OrgMembershipEvent',
    organizationId: organization.id,
    data: {organization: organizationData(organization), user: userData(user, membership)},
  }
}
