import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {connectionDomains} from '../services/connection-messages.js'
import type {ConnectionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {AuthorizeError} from './context.js'

/** The authorize parameters that pick an SSO connection. */
export interface ConnectionSelectors {
  provider?: string
  connectionId?: string
  organizationId?: string
  /** `domain` or `domain_hint`. */
  domain?: string
  loginHint?: string
}

/**
 * Scalekit's precedence: provider > connection_id > organization_id (its first enabled connection) > domain >
 * login_hint's email domain. A lower selector is ignored once a higher one is present, even if it disagrees.
 * Error codes are the documented SSO integration errors.
 */
export function selectConnection(store: Store, selectors: ConnectionSelectors): ConnectionRecord {
  const {provider, connectionId, organizationId, domain, loginHint} = selectors
  if (provider) {
    throw new AuthorizeError(
      'no_configured_connections',
      `social login (provider=${provider}) is not configured: the emulator only has organization SSO connections`,
    )
  }
  if (connectionId) {
    const connection = store.connections.get(connectionId)
    if (!connection || !store.organizations.get(connection.organizationId)) {
      throw new AuthorizeError('invalid_connection_id', `connection ${connectionId} does not exist`)
    }
    if (!connection.enabled) {
      throw new AuthorizeError('connection_not_active', `connection ${connectionId} is not enabled`)
    }
    return connection
  }
  if (organizationId) {
    if (!store.organizations.get(organizationId)) {
      throw new AuthorizeError('invalid_organization_id', `organization ${organizationId} does not exist`)
    }
    return firstEnabled(store, organizationId)
  }
  if (domain) return byDomain(store, normalize(domain), 'domain')
  const hinted = loginHint && /^[^@\s]+@([^@\s]+)$/.exec(loginHint.trim())?.[1]
  if (hinted) return byDomain(store, normalize(hinted), 'login_hint')
  throw new AuthorizeError(
    'invalid_connection_selector',
    'name the connection: organization_id, connection_id, domain or a login_hint email address',
  )
}

function normalize(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '')
}

/** Only organization domains route SSO; allowed email domains do not. */
function byDomain(store: Store, domain: string, selector: string): ConnectionRecord {
  const owner = store.domains.getBy('domain', domain)
  if (owner?.domainType !== DomainType.ORGANIZATION_DOMAIN) {
    throw new AuthorizeError('domain_not_found', `${selector}: no organization has ${domain} as an organization domain`)
  }
  // Only connections that route this domain: AssignDomainsToConnection may have narrowed a connection's domains.
  return firstEnabled(store, owner.organizationId, (c) => connectionDomains(store, c).some((d) => d.id === owner.id))
}

function firstEnabled(
  store: Store,
  organizationId: string,
  routes: (connection: ConnectionRecord) => boolean = () => true,
): ConnectionRecord {
  const connection = store.connections.listBy('organizationId', organizationId).find((c) => c.enabled && routes(c))
  if (!connection) {
    throw new AuthorizeError('no_active_connections', `organization ${organizationId} has no enabled SSO connection`)
  }
  return connection
}
