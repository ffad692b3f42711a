import type {ConnectionService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {ConnectionProvider} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {notFound} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import type {ConnectionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {applyConnectionUpdate, assertSomeType, newConnectionRecord} from './connection-config.js'
import {toConnection, toListConnection} from './connection-messages.js'
import {paginate} from './paging.js'

/**
 * Environment connections: the ones no organization owns — social login, passwordless, passkeys, and the app
 * connectors agents use (ListAppConnections). Stored beside organization connections with an empty organization id.
 */
export const environmentConnectionHandlers: ServiceHandlers<typeof ConnectionService> = {
  createEnvironmentConnection({connection: input, flags}, {store, origin}) {
    // protovalidate guarantees `connection` with a provider or provider_key.
    assertSomeType(input!.type)
    const record = newConnectionRecord(store, '', input!, {
      flags: {isLogin: flags?.isLogin ?? false, isApp: flags?.isApp ?? false},
    })
    store.connections.put(record)
    return {connection: toConnection(store, record, origin)}
  },

  getEnvironmentConnection({connectionId}, {store, origin}) {
    return {connection: toConnection(store, findEnvironmentConnection(store, connectionId), origin)}
  },

  updateEnvironmentConnection({connectionId, connection: changes}, {store, origin}) {
    const updated = applyConnectionUpdate(findEnvironmentConnection(store, connectionId), changes!)
    store.connections.put(updated)
    return {connection: toConnection(store, updated, origin)}
  },

  deleteEnvironmentConnection({connectionId}, {store}) {
    store.connections.delete(findEnvironmentConnection(store, connectionId).id)
    return {}
  },

  enableEnvironmentConnection({connectionId}, {store}) {
    return {enabled: setEnabled(store, findEnvironmentConnection(store, connectionId), true)}
  },

  disableEnvironmentConnection({connectionId}, {store}) {
    return {enabled: setEnabled(store, findEnvironmentConnection(store, connectionId), false)}
  },

  /** App connectors, filtered by provider and by a query on their key id or provider. */
  listAppConnections({pageSize, pageToken, provider, query}, {store}) {
    const wanted = provider?.toUpperCase()
    const needle = query?.toLowerCase()
    const names = (c: ConnectionRecord) => [ConnectionProvider[c.provider] ?? '', c.providerKey ?? '']
    const matches = (c: ConnectionRecord) =>
      c.organizationId === '' &&
      c.flags?.isApp === true &&
      (wanted === undefined || names(c).some((name) => name.toUpperCase() === wanted)) &&
      (!needle || [...names(c), c.keyId ?? ''].some((text) => text.toLowerCase().includes(needle)))
    const {items, ...paging} = paginate(store.connections, {pageSize, pageToken}, matches)
    return {...paging, connections: items.map((connection) => toListConnection(store, connection))}
  },
}

export function setEnabled(store: Store, connection: ConnectionRecord, enabled: boolean): boolean {
  if (connection.enabled !== enabled) store.connections.put({...connection, enabled, updateTime: Date.now()})
  return enabled
}

function findEnvironmentConnection(store: Store, id: string): ConnectionRecord {
  const connection = store.connections.get(id)
  if (connection?.organizationId !== '') throw notFound(`connection ${id} not found`)
  return connection
}
