import {MembershipStatus, RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {provisionUser} from '../oauth/full-stack.js'
import type {OrganizationRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

/** Who a passwordless sign-in on the hosted login page signed in, and into which organization. */
export interface SignedIn {
  user: UserRecord
  organizationId: string
}

/**
 * The user with a verified email, just in time. A user who is already an active member of an organization signs
 * in to it (the oldest membership: the emulator has no organization switcher). Anyone else signs up, and "Scalekit
 * creates both the user and their organization automatically" (fsa/guides/just-in-time-provisioning, "User
 * sign-ups"), the first member getting the environment's creator role ("The first user to sign up creates a new
 * organization and becomes its administrator", fsa/guides/implement-signup).
 */
export function signInWithEmail(store: Store, email: string): SignedIn {
  const person = {email, givenName: '', familyName: ''}
  const existing = store.users.getBy('email', email.toLowerCase())
  const membership = existing
    ? store.memberships
        .listBy('userId', existing.id)
        .filter((m) => m.status === MembershipStatus.ACTIVE && store.organizations.get(m.organizationId))
        .sort((a, b) => a.createTime - b.createTime)[0]
    : undefined
  if (membership) {
    return {user: provisionUser(store, membership.organizationId, person), organizationId: membership.organizationId}
  }
  const organization = newOrganization(store, email)
  return store.batch(() => {
    store.organizations.put(organization)
    const user = provisionUser(store, organization.id, person, [store.environment.defaultCreatorRole])
    return {user, organizationId: organization.id}
  })
}

function newOrganization(store: Store, email: string): OrganizationRecord {
  const now = Date.now()
  const owner = email.split('@')[0] || email
  return {
    id: store.newId('org'),
    displayName: `${owner}'s organization`,
    metadata: {},
    regionCode: RegionCode.US,
    features: [],
    createTime: now,
    updateTime: now,
  }
}
