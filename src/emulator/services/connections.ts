import {
  ConnectionProvider,
  ConnectionService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {ConnectionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {applyConnectionUpdate, assertSsoType, newConnectionRecord} from './connection-config.js'
import {connectionDomains, ssoDomains, toConnection, toListConnection} from './connection-messages.js'
import {findConnectionTest} from './connection-tests.js'
import {environmentConnectionHandlers, setEnabled} from './environment-connections.js'
import {requireOrganization} from './lookup.js'
import {paginate} from './paging.js'

/** Organizations' SSO connections, plus the environment's own connections (environment-connections.ts). */
export const connectionService = defineService(ConnectionService, {
  ...environmentConnectionHandlers,

  createConnection({organizationId, connection: input}, {store, origin}) {
    requireOrganization(store, organizationId)
    // protovalidate guarantees `connection` with a provider or provider_key and a supported type.
    assertSsoType(input!.type)
    const record = newConnectionRecord(store, organizationId, input!)
    store.connections.put(record)
    return {connection: toConnection(store, record, origin)}
  },

  getConnection({organizationId, id}, {store, origin}) {
    return {connection: toConnection(store, findConnection(store, organizationId, id), origin)}
  },

  updateConnection({organizationId, id, connection: changes}, {store, origin}) {
    const updated = applyConnectionUpdate(findConnection(store, organizationId, id), changes!)
    store.connections.put(updated)
    return {connection: toConnection(store, updated, origin)}
  },

  deleteConnection({organizationId, id}, {store}) {
    store.connections.delete(findConnection(store, organizationId, id).id)
    return {}
  },

  enableConnection({organizationId, id}, {store}) {
    return {enabled: setEnabled(store, findConnection(store, organizationId, id), true)}
  },

  disableConnection({organizationId, id}, {store}) {
    return {enabled: setEnabled(store, findConnection(store, organizationId, id), false)}
  },

  /**
   * Which of the organization's domains route to this connection. Each must be one of its organization domains
   * (allowed email domains never route to SSO); an empty list goes back to "every organization domain".
   */
  assignDomainsToConnection({organizationId, connectionId, domainIds}, {store, origin}) {
    const connection = findConnection(store, organizationId, connectionId)
    for (const domainId of domainIds) {
      const domain = store.domains.get(domainId)
      if (domain?.organizationId !== organizationId) throw notFound(`domain ${domainId} not found`)
      if (domain.domainType !== DomainType.ORGANIZATION_DOMAIN) {
        throw invalidArgument(
          `domain ${domain.domain} is an allowed email domain: only organization domains route to SSO`,
        )
      }
    }
    const updated: ConnectionRecord = {...connection, updateTime: Date.now()}
    if (domainIds.length > 0) updated.domainIds = [...new Set(domainIds)]
    else delete updated.domainIds
    store.connections.put(updated)
    return {connection: toConnection(store, updated, origin)}
  },

  /** A Test connection run started in the admin portal: pending until the IdP answers, then its outcome. */
  getConnectionTestResult({connectionId, testRequestId}, {store}) {
    const connection = store.connections.get(connectionId)
    const test = connection && findConnectionTest(connection, testRequestId)
    if (!test) throw notFound(`test request ${testRequestId} not found for connection ${connectionId}`)
    return {
      status: test.status,
      userInfo: test.userInfo,
      error: test.error,
      errorDescription: test.errorDescription,
    }
  },

  /** Portal-only RPCs (no client-credentials access): the free-form context the portal keeps per connection. */
  getConnectionContext({organizationId, connectionId}, {store}) {
    return {context: findAnyConnection(store, organizationId, connectionId).context ?? {}}
  },

  updateConnectionContext({organizationId, connectionId, context}, {store}) {
    const connection = findAnyConnection(store, organizationId, connectionId)
    store.connections.put({...connection, context: context ?? {}, updateTime: Date.now()})
    return {}
  },

  /**
   * By organization, by domain ("does this email domain have SSO?": the connections of the organization that owns
   * it as an organization domain; an email address works too), or every connection. Disabled connections are
   * listed with `enabled: false`, so callers decide.
   */
  listConnections({organizationId, domain}, {store}) {
    let connections: ConnectionRecord[]
    if (domain !== undefined) {
      const name = domain
        .slice(domain.lastIndexOf('@') + 1)
        .trim()
        .toLowerCase()
        .replace(/\.$/, '')
      const owner = store.domains.getBy('domain', name)
      const routes = owner?.domainType === DomainType.ORGANIZATION_DOMAIN
      const matching = routes && (organizationId === undefined || owner.organizationId === organizationId)
      connections = matching
        ? store.connections
            .listBy('organizationId', owner.organizationId)
            .filter((connection) => connectionDomains(store, connection).some((d) => d.id === owner.id))
        : []
    } else if (organizationId !== undefined) {
      connections = store.connections.listBy('organizationId', requireOrganization(store, organizationId).id)
    } else {
      connections = [...store.connections.values()]
    }
    return {connections: connections.map((connection) => toListConnection(store, connection))}
  },

  listOrganizationConnections({pageSize, pageToken}, {store}) {
    const owned = (connection: ConnectionRecord) => connection.organizationId !== ''
    const {items, ...paging} = paginate(store.connections, {pageSize, pageToken}, owned)
    return {...paging, connections: items.map((connection) => toListConnection(store, connection))}
  },

  searchOrganizationConnections(request, {store}) {
    const {query, provider, status, connectionType, enabled, pageSize, pageToken} = request
    const needle = query?.toLowerCase()
    const matches = (connection: ConnectionRecord) =>
      connection.organizationId !== '' &&
      (provider === undefined || providerNames(connection).includes(provider.toUpperCase())) &&
      (status === undefined || connection.status === status) &&
      (connectionType === undefined || connection.type === connectionType) &&
      (enabled === undefined || connection.enabled === enabled) &&
      (!needle || searchText(store, connection).some((text) => text.toLowerCase().includes(needle)))
    const {items, ...paging} = paginate(store.connections, {pageSize, pageToken}, matches)
    return {...paging, connections: items.map((connection) => toListConnection(store, connection))}
  },
})

function findConnection(store: Store, organizationId: string, id: string): ConnectionRecord {
  requireOrganization(store, organizationId)
  const connection = store.connections.get(id)
  if (connection?.organizationId !== organizationId) throw notFound(`connection ${id} not found`)
  return connection
}

/** The context RPCs take an optional organization id: with it the connection must be that organization's. */
function findAnyConnection(store: Store, organizationId: string, id: string): ConnectionRecord {
  if (organizationId) return findConnection(store, organizationId, id)
  const connection = store.connections.get(id)
  if (!connection) throw notFound(`connection ${id} not found`)
  return connection
}

function providerNames(connection: ConnectionRecord): string[] {
  return [ConnectionProvider[connection.provider] ?? '', connection.providerKey?.toUpperCase() ?? '']
}

/** What a search query is matched against: ids, the organization's name, the provider and the SSO domains. */
function searchText(store: Store, connection: ConnectionRecord): string[] {
  const organizationName = store.organizations.get(connection.organizationId)?.displayName ?? ''
  const domains = ssoDomains(store, connection.organizationId).map((domain) => domain.domain)
  return [connection.id, connection.organizationId, organizationName, ...providerNames(connection), ...domains]
}
