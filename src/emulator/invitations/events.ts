import type {EmulatorEvent} from '../events/bus.js'
import type {OrganizationRecord, UserRecord} from '../store/records.js'

// Scalekit's organization-membership webhook events, as documented in its developer docs
// (reference/webhooks/user-events: "Organization membership events"): `user.organization_invitation` when a
// user is invited, `user.organization_membership_created` "when a user joins an organization" — which is what
// accepting an invitation is. Both are `OrgMembershipEvent` objects whose data holds the organization (id,
// external_id) and the user (ids, email, times, profile id and email_verified) in snake_case.

export function invitedEvent(organization: OrganizationRecord, user: UserRecord): EmulatorEvent {
  return membershipEvent('user.organization_invitation', organization, user)
}

export function joinedEvent(organization: OrganizationRecord, user: UserRecord): EmulatorEvent {
  return membershipEvent('user.organization_membership_created', organization, user)
}

function membershipEvent(type: string, organization: OrganizationRecord, user: UserRecord): EmulatorEvent {
  return {
    type,
    object: 'OrgMembershipEvent',
    organizationId: organization.id,
    data: {
      organization: {id: organization.id, external_id: organization.externalId ?? null},
      user: {
        create_time: new Date(user.createTime).toISOString(),
        email: user.email,
        external_id: user.externalId ?? null,
        id: user.id,
        update_time: new Date(user.updateTime).toISOString(),
        user_profile: {email_verified: user.profile.emailVerified, id: user.profile.id},
      },
    },
  }
}
