import type {EmulatorEvent} from '../events/bus.js'
import {membershipEvent} from '../events/resource-data.js'
import type {OrganizationRecord, UserRecord} from '../store/records.js'

// Scalekit's organization-membership webhook events, as documented in its developer docs
// (reference/webhooks/user-events: "Organization membership events"): `user.organization_invitation` when a
// user is invited, `user.organization_membership_created` "when a user joins an organization" — which is what
// accepting an invitation is.

export function invitedEvent(organization: OrganizationRecord, user: UserRecord): EmulatorEvent {
  return membershipEvent('user.organization_invitation', organization, user)
}

export function joinedEvent(organization: OrganizationRecord, user: UserRecord): EmulatorEvent {
  return membershipEvent('user.organization_membership_created', organization, user)
}
