import {randomBytes} from 'node:crypto'
import {ExpiringMap} from './expiring-map.js'

/** How long the IdP simulator page stays usable after `/oauth/authorize`. */
export const LOGIN_REQUEST_TTL_MS = 10 * 60 * 1000

/** A validated authorization request waiting for the user at the IdP simulator. */
export interface LoginRequest {
  id: string
  clientId: string
  redirectUri: string
  scope: string
  state?: string
  nonce?: string
  loginHint?: string
  /** S256 PKCE challenge; the only method accepted. */
  codeChallenge?: string
  organizationId: string
  connectionId: string
}

export class LoginRequests {
  private readonly requests = new ExpiringMap<LoginRequest>(LOGIN_REQUEST_TTL_MS)

  /** Stores the request under a fresh unguessable id: the id in the simulator URL is the only credential. */
  create(request: Omit<LoginRequest, 'id'>): LoginRequest {
    const stored = {id: `lreq_${randomBytes(16).toString('hex')}`, ...request}
    this.requests.set(stored.id, stored)
    return stored
  }

  get(id: string): LoginRequest | undefined {
    return this.requests.get(id)
  }

  /** A login request ends with the first scenario submitted, whatever it was. */
  take(id: string): LoginRequest | undefined {
    return this.requests.take(id)
  }

  clear(): void {
    this.requests.clear()
  }
}
