import {randomBytes} from 'node:crypto'
import {
  ConnectionProvider,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {BoundedLog} from '../events/bounded-log.js'
import type {Store} from '../store/store.js'

/** How many authorization requests the emulator keeps for AuditLogsService ListAuthRequests: the newest ones. */
export const AUTH_LOG_CAPACITY = 10_000

/** The statuses Scalekit's auth logs use (its docs filter on `status=SUCCESS&status=FAILED`). */
export type AuthStatus = 'PENDING' | 'SUCCESS' | 'FAILED'

/** One authorization request: started at `/oauth/authorize`, ended by the IdP simulator or the token exchange. */
export interface AuthLogEntry {
  /** `authreq_…`: not the login request's own id, which is the credential in the IdP simulator's URL. */
  authRequestId: string
  timestamp: Date
  clientId: string
  organizationId: string
  connectionId: string
  connectionType: string
  connectionProvider: string
  email: string
  status: AuthStatus
  /** The OAuth error a failed request ended with (`access_denied`, `invalid_grant`, …). */
  errorCode?: string
  errorDescription?: string
}

type Start = Omit<AuthLogEntry, 'authRequestId' | 'timestamp' | 'status'>

/** What an entry says about a request: its client and user, and the connection it was routed to, if any. */
export function requestFacts(
  store: Store,
  request: {clientId: string; organizationId?: string; connectionId?: string; email?: string},
): Start {
  const connection = request.connectionId ? store.connections.get(request.connectionId) : undefined
  return {
    clientId: request.clientId,
    organizationId: request.organizationId ?? connection?.organizationId ?? '',
    connectionId: connection?.id ?? '',
    connectionType: connection ? (ConnectionType[connection.type] ?? '') : '',
    connectionProvider: connection ? (ConnectionProvider[connection.provider] ?? '') : '',
    email: request.email ?? '',
  }
}

/**
 * Every authorization request, newest AUTH_LOG_CAPACITY kept, in memory (like Scalekit's, they are logs, not
 * state). A request is found again through the object that carries it through the flow (the login request, then
 * the authorization code's grant), so the SSO code needs no extra id.
 */
export class AuthLog {
  readonly entries = new BoundedLog<AuthLogEntry>(AUTH_LOG_CAPACITY)
  private readonly byRequest = new WeakMap<object, AuthLogEntry>()

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** A request `/oauth/authorize` accepted: pending until the IdP simulator or the token exchange ends it. */
  started(request: object, start: Start): void {
    const entry = this.add({...start, status: 'PENDING'})
    this.byRequest.set(request, entry)
  }

  /** A request refused at `/oauth/authorize` itself (after the client and redirect URI were found good). */
  refused(start: Start, errorCode: string, errorDescription: string): void {
    this.report(this.add({...start, status: 'FAILED', errorCode, errorDescription}))
  }

  /** The user the IdP simulator signed in, while the request waits for its code to be exchanged. */
  identified(request: object, email: string): void {
    const entry = this.byRequest.get(request)
    if (entry) entry.email = email
  }

  /**
   * The request went on as another object (the hosted login page routed it to an SSO connection, or signed the
   * user in to an organization): later outcomes reported for `to` land on the same entry, which now names them.
   */
  continued(from: object, to: object, facts: Partial<Start>): void {
    const entry = this.byRequest.get(from)
    if (!entry) return
    Object.assign(entry, facts)
    this.byRequest.set(to, entry)
  }

  /** The `authreq_…` id of the request's entry, as ListAuthRequests shows it. */
  idOf(request: object): string | undefined {
    return this.byRequest.get(request)?.authRequestId
  }

  succeeded(request: object, email?: string): void {
    const entry = this.byRequest.get(request)
    if (!entry) return
    if (email) entry.email = email
    entry.status = 'SUCCESS'
  }

  failed(request: object, errorCode: string, errorDescription: string): void {
    const entry = this.byRequest.get(request)
    // Only the first outcome counts: a replayed code does not turn a successful login into a failed one.
    if (!entry || entry.status !== 'PENDING') return
    Object.assign(entry, {status: 'FAILED', errorCode, errorDescription})
    this.report(entry)
  }

  private add(fields: Omit<AuthLogEntry, 'authRequestId' | 'timestamp'>): AuthLogEntry {
    const entry = {authRequestId: `authreq_${randomBytes(8).toString('hex')}`, timestamp: new Date(), ...fields}
    this.entries.append(entry)
    return entry
  }

  /** The auth log RPC has no field for the error, so the emulator log says it (`skctl emulator logs`). */
  private report(entry: AuthLogEntry): void {
    this.log(`auth ${entry.authRequestId} failed: ${entry.errorCode}: ${entry.errorDescription}`)
  }
}

const logs = new WeakMap<Store, AuthLog>()

/**
 * The auth log of an emulator, kept beside its store: the SSO endpoints write it and AuditLogsService reads it,
 * both of which already hold the store. `log` is taken from the first caller (the emulator at start).
 */
export function authLogOf(store: Store, log?: (line: string) => void): AuthLog {
  let authLog = logs.get(store)
  if (!authLog) {
    authLog = new AuthLog(log)
    logs.set(store, authLog)
  }
  return authLog
}
