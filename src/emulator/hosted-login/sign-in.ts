import {MembershipStatus, RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {authLogOf} from '../auth-logs/auth-log.js'
import {type Provisioned, provisionUser, type SignedInPerson} from '../oauth/full-stack.js'
import {OAuthError} from '../oauth/token-endpoint.js'
import {errorRedirect} from '../sso/authorize.js'
import type {HttpRequest} from '../http/http-util.js'
import type {LoginDevice} from '../sso/codes.js'
import type {SsoContext} from '../sso/context.js'
import type {LoginRequest} from '../sso/login-requests.js'
import {organizationCreatedEvent} from '../services/organization-events.js'
import type {OrganizationRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

/** Who a passwordless sign-in on the hosted login page signed in, into which organization, and what that raised. */
export interface SignedIn extends Provisioned {
  organizationId: string
}

/**
 * Where a login puts the person when the app says so (UpdateLoginUserDetails' `organization_external_id`,
 * `organization_external_name` and `roles`): that organization, created if no organization has the external id.
 */
export interface OrganizationChoice {
  externalId: string
  name?: string
  /** Roles of a new membership; an existing member keeps theirs. */
  roles: string[]
}

/**
 * The user with a verified email, just in time. A user who is already an active member of an organization signs
 * in to it (the oldest membership: the emulator has no organization switcher). Anyone else signs up, and "Scalekit
 * creates both the user and their organization automatically" (fsa/guides/just-in-time-provisioning, "User
 * sign-ups"), the first member getting the environment's creator role ("The first user to sign up creates a new
 * organization and becomes its administrator", fsa/guides/implement-signup).
 */
export function signInWithEmail(store: Store, person: SignedInPerson, choice?: OrganizationChoice): SignedIn {
  if (choice) return signInTo(store, person, choice)
  const existing = store.users.getBy('email', person.email.toLowerCase())
  const membership = existing
    ? store.memberships
        .listBy('userId', existing.id)
        .filter((m) => m.status === MembershipStatus.ACTIVE && store.organizations.get(m.organizationId))
        .sort((a, b) => a.createTime - b.createTime)[0]
    : undefined
  if (membership) {
    return {...provisionUser(store, membership.organizationId, person), organizationId: membership.organizationId}
  }
  const owner = person.email.split('@')[0] || person.email
  return inNewOrganization(store, person, {displayName: `${owner}'s organization`}, [
    store.environment.defaultCreatorRole,
  ])
}

function signInTo(store: Store, person: SignedInPerson, choice: OrganizationChoice): SignedIn {
  const organization = store.organizations.getBy('externalId', choice.externalId)
  if (organization) {
    return {...provisionUser(store, organization.id, person, choice.roles), organizationId: organization.id}
  }
  const fields = {displayName: choice.name || choice.externalId, externalId: choice.externalId}
  const roles = choice.roles.length > 0 ? choice.roles : [store.environment.defaultCreatorRole]
  return inNewOrganization(store, person, fields, roles)
}

function inNewOrganization(
  store: Store,
  person: SignedInPerson,
  fields: {displayName: string; externalId?: string},
  roles: string[],
): SignedIn {
  const now = Date.now()
  const organization: OrganizationRecord = {
    id: store.newId('org'),
    ...fields,
    metadata: {},
    regionCode: RegionCode.US,
    features: [],
    createTime: now,
    updateTime: now,
  }
  return store.batch(() => {
    store.organizations.put(organization)
    const {user, events} = provisionUser(store, organization.id, person, roles)
    return {user, events: [organizationCreatedEvent(organization), ...events], organizationId: organization.id}
  })
}

/**
 * Ends a login whose person is known (a verified passwordless email, or the details an app posted for its own
 * login): the user just in time, the login request bound to their organization, and where the browser goes next —
 * the app's callback with a code (the session starts when it is exchanged), or with the error that refused it.
 */
export function completeSignIn(
  sso: SsoContext,
  request: LoginRequest,
  person: SignedInPerson,
  device: LoginDevice,
  choice?: OrganizationChoice,
): string {
  const authLog = authLogOf(sso.store)
  let signedIn: SignedIn
  try {
    signedIn = signInWithEmail(sso.store, person, choice)
  } catch (error) {
    // A full organization refuses the login (max users), as it does at the token endpoint.
    if (!(error instanceof OAuthError)) throw error
    authLog.failed(request, error.error, error.message)
    return errorRedirect(request.redirectUri, error.error, error.message, request.state)
  }
  for (const event of signedIn.events) sso.events.emit(event)
  request.organizationId = signedIn.organizationId
  authLog.continued(request, request, {organizationId: signedIn.organizationId, email: person.email})
  const {profile} = signedIn.user
  const user = {
    email: person.email,
    givenName: person.givenName || (profile.givenName ?? ''),
    familyName: person.familyName || (profile.familyName ?? ''),
    customAttributes: {},
  }
  const code = sso.codes.mint(request, user, device, signedIn.user.id)
  const location = new URL(request.redirectUri)
  location.searchParams.set('code', code)
  if (request.state !== undefined) location.searchParams.set('state', request.state)
  return location.href
}

/** The browser that signs in, as its session's device shows it (the user agent bounded). */
export function deviceOf(request: HttpRequest): LoginDevice {
  return {userAgent: request.headers['user-agent']?.slice(0, 1024), ip: request.socket.remoteAddress}
}
