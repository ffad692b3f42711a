import {
  ConnectionProvider,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import type {ConnectionRecord} from '../store/records.js'

/**
 * A browser event the embedded admin portal posts to the page that embeds it, in the shape of Scalekit's
 * "UI events from the embedded admin portal" (`event.data.event_type`, checked against `event.origin`).
 */
export interface UiEvent {
  event_type: string
  object: 'connection' | 'directory' | 'session'
  organization_id: string
  message: string
  data: Record<string, unknown>
}

/** ORGANIZATION_SSO_ENABLED / ORGANIZATION_SSO_DISABLED. */
export function ssoToggled(connection: ConnectionRecord, enabled: boolean): UiEvent {
  return {
    event_type: enabled ? 'ORGANIZATION_SSO_ENABLED' : 'ORGANIZATION_SSO_DISABLED',
    object: 'connection',
    organization_id: connection.organizationId,
    message: `Single sign-on connection ${enabled ? 'enabled' : 'disabled'} successfully`,
    data: {
      connection_type: 'SSO',
      id: connection.id,
      type: ConnectionType[connection.type] ?? String(connection.type),
      provider: ConnectionProvider[connection.provider] ?? String(connection.provider),
      enabled,
    },
  }
}

/** ORGANIZATION_DIRECTORY_ENABLED / ORGANIZATION_DIRECTORY_DISABLED. */
export function directoryToggled(
  directory: {id: string; organizationId: string; provider: string},
  enabled: boolean,
): UiEvent {
  return {
    event_type: enabled ? 'ORGANIZATION_DIRECTORY_ENABLED' : 'ORGANIZATION_DIRECTORY_DISABLED',
    object: 'directory',
    organization_id: directory.organizationId,
    message: `SCIM Provisioning ${enabled ? 'enabled' : 'disabled'} successfully`,
    data: {directory_type: 'SCIM', id: directory.id, provider: directory.provider, enabled},
  }
}
