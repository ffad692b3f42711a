import {
  ConnectionProvider,
  ConnectionService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {ConnectionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {applyConnectionUpdate, assertSsoType, initialStatus, providerOf} from './connection-config.js'
import {ssoDomains, toConnection, toListConnection} from './connection-messages.js'
import {requireOrganization} from './lookup.js'
import {paginate} from './paging.js'

/** Organizations' SSO connections. Environment-level and app connections are not emulated. */
export const connectionService = defineService(ConnectionService, {
  createConnection({organizationId, connection: input}, {store}) {
    requireOrganization(store, organizationId)
    // protovalidate guarantees `connection` with a provider or provider_key and a supported type.
    const {type, provider, providerKey, keyId} = input!
    assertSsoType(type)
    const now = Date.now()
    const provided = providerOf(provider, providerKey)
    const record: ConnectionRecord = {
      id: store.newId('conn'),
      organizationId,
      type,
      provider: provided,
      ...(providerKey ? {providerKey} : {}),
      ...(keyId ? {keyId} : {}),
      status: initialStatus(provided),
      enabled: false,
      createTime: now,
      updateTime: now,
    }
    store.connections.put(record)
    return {connection: toConnection(store, record)}
  },

  getConnection({organizationId, id}, {store}) {
    return {connection: toConnection(store, findConnection(store, organizationId, id))}
  },

  updateConnection({organizationId, id, connection: changes}, {store}) {
    const updated = applyConnectionUpdate(findConnection(store, organizationId, id), changes!)
    store.connections.put(updated)
    return {connection: toConnection(store, updated)}
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
      connections = matching ? store.connections.listBy('organizationId', owner.organizationId) : []
    } else if (organizationId !== undefined) {
      connections = store.connections.listBy('organizationId', requireOrganization(store, organizationId).id)
    } else {
      connections = [...store.connections.values()]
    }
    return {connections: connections.map((connection) => toListConnection(store, connection))}
  },

  listOrganizationConnections({pageSize, pageToken}, {store}) {
    const {items, ...paging} = paginate(store.connections, {pageSize, pageToken})
    return {...paging, connections: items.map((connection) => toListConnection(store, connection))}
  },

  searchOrganizationConnections(request, {store}) {
    const {query, provider, status, connectionType, enabled, pageSize, pageToken} = request
    const needle = query?.toLowerCase()
    const matches = (connection: ConnectionRecord) =>
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

function setEnabled(store: Store, connection: ConnectionRecord, enabled: boolean): boolean {
  if (connection.enabled !== enabled) store.connections.put({...connection, enabled, updateTime: Date.now()})
  return enabled
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
