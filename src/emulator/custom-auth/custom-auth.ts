import {randomBytes, randomInt} from 'node:crypto'
import type {OrganizationChoice} from '../hosted-login/sign-in.js'
import type {Store} from '../store/store.js'
import {ExpiringMap} from '../sso/expiring-map.js'
import {LOGIN_REQUEST_TTL_MS, type LoginRequest} from '../sso/login-requests.js'

// "Bring your own auth" (Scalekit docs, mcp/auth-methods/custom-auth, "Federated Auth Integration Guide"): instead
// of its hosted login page, Scalekit redirects the user to the app's login endpoint with `login_request_id` and
// `state`; the app authenticates the user its own way, POSTs the user's details to
// `/api/v1/connections/{connection_id}/auth-requests/{login_request_id}/user` (AuthService UpdateLoginUserDetails,
// the SDK's `auth.updateLoginUserDetails`), then sends the browser back to
// `/sso/v1/connections/{connection_id}/partner:callback?state=…`, where Scalekit continues the authorization.

/** The user details the app posts for a login request (the docs' example body: OIDC standard claims). */
export interface FederatedUser {
  sub: string
  email: string
  givenName: string
  familyName: string
  /** The app could not sign the user in (`login_failed`): the login ends with an error at the app's callback. */
  failed: boolean
  /** `organization_external_id`, `organization_external_name` and `roles`: where the user signs in. */
  organization?: OrganizationChoice
}

/** An authorization request handed to the app's login endpoint. */
export interface FederatedLogin {
  /** `lri_` and 17 digits, the shape of the docs' example (`lri_86659065219908156`). */
  id: string
  /** What the app must send back to the callback: it ties the browser to this login request. */
  state: string
  /** What `/oauth/authorize` validated; `connectionId` is the custom-auth connection, the organization is open. */
  request: LoginRequest
  user?: FederatedUser
}

export interface CustomAuthSettings {
  /** The connection the app names in UpdateLoginUserDetails and in the callback path. */
  connectionId: string
  /** The app's login endpoint, which receives `login_request_id` and `state`. */
  loginUri: string
}

export const PARTNER_CALLBACK = /^\/sso\/v1\/connections\/([^/]{1,64})\/partner:callback$/

/**
 * The emulator's custom-auth state: whether authorize requests go to the app's login endpoint, and the login
 * requests out there. In memory, like the hosted login page's requests.
 */
export class CustomAuth {
  private current: CustomAuthSettings | undefined
  private readonly logins = new ExpiringMap<FederatedLogin>(LOGIN_REQUEST_TTL_MS)
  private readonly byState = new ExpiringMap<string>(LOGIN_REQUEST_TTL_MS)

  get settings(): CustomAuthSettings | undefined {
    return this.current
  }

  /** Turns custom auth on with a login endpoint; the connection id stays the same while it is on. */
  enable(loginUri: string, newConnectionId: () => string): CustomAuthSettings {
    this.current = {connectionId: this.current?.connectionId ?? newConnectionId(), loginUri}
    return this.current
  }

  /** New requests go to the hosted login page again; those already at the app can still finish. */
  disable(): void {
    this.current = undefined
  }

  /** Hands an authorize request to the app: the URL of its login endpoint with the request id and state. */
  start(request: Omit<LoginRequest, 'id' | 'organizationId' | 'connectionId'>): {login: FederatedLogin; url: URL} {
    const settings = this.current
    if (!settings) throw new Error('custom auth is not enabled')
    const id = `lri_${randomInt(1e7, 1e8)}${String(randomInt(0, 1e9)).padStart(9, '0')}`
    const state = randomBytes(32).toString('base64url')
    const login: FederatedLogin = {
      id,
      state,
      request: {id, ...request, organizationId: '', connectionId: settings.connectionId},
    }
    this.logins.set(id, login)
    this.byState.set(state, id)
    const url = new URL(settings.loginUri)
    url.searchParams.set('login_request_id', id)
    url.searchParams.set('state', state)
    return {login, url}
  }

  get(loginRequestId: string): FederatedLogin | undefined {
    return this.logins.get(loginRequestId)
  }

  /** The login the callback's state belongs to, used up: a second callback with the same state finds nothing. */
  takeByState(state: string): FederatedLogin | undefined {
    const id = this.byState.take(state)
    return id === undefined ? undefined : this.logins.take(id)
  }

  reset(): void {
    this.current = undefined
    this.logins.clear()
    this.byState.clear()
  }
}

const states = new WeakMap<Store, CustomAuth>()

/** The custom-auth state of an emulator, kept beside its store: authorize, the RPC and the callback all hold it. */
export function customAuthOf(store: Store): CustomAuth {
  let state = states.get(store)
  if (!state) {
    state = new CustomAuth()
    states.set(store, state)
  }
  return state
}
