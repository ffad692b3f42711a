import type {
  AuthLogRequest,
  ListAuthLogResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js'

import type {Api} from './client.js'
import {type Page, paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'
import {protobufWkt} from './protobuf.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js'))

/** The statuses an authorization request ends with (or waits in), as Scalekit's auth logs name them. */
export const AUTH_STATUSES = ['success', 'failed', 'pending'] as const

/** One authorization request of the auth logs, in protobuf JSON form. */
export interface AuthLogJson {
  authRequestId: string
  clientId: string
  connectionId: string
  connectionProvider: string
  connectionType: string
  email: string
  environmentId: string
  organizationId: string
  status: string
  timestamp?: string
  workflow: string
}

export interface AuthLogQuery {
  email?: string
  /** Only requests of this organization: the RPC has no such filter, so it is applied to what it answers. */
  organizationId?: string
  since?: Date
  statuses?: string[]
}

/**
 * The auth logs (AuditLogsService ListAuthRequests), newest first. The SDK has no client for this service, so the
 * RPC goes through the SDK's own transport.
 */
export function listAuthLogs(api: Api, query: AuthLogQuery, limit?: number): Pages<AuthLogJson> {
  return paginate((pageToken, pageSize) => authLogPage(api, query, pageToken, pageSize), limit)
}

async function authLogPage(api: Api, query: AuthLogQuery, pageToken: string, pageSize: number) {
  const {AuditLogsService, AuthLogRequestSchema} = await schemas()
  const {timestampFromDate} = protobufWkt()
  const request = {
    email: query.email ?? '',
    pageSize,
    status: (query.statuses ?? []).map((status) => status.toUpperCase()),
    ...(query.since ? {startTime: timestampFromDate(query.since)} : {}),
  }
  // A page the organization filter empties would end the walk: read on until one keeps something, or the end.
  let token = pageToken
  for (;;) {
    const res = await api.serviceRpc<object, ListAuthLogResponse>(AuditLogsService, 'listAuthRequests', {
      ...request,
      pageToken: token,
    })
    const kept = res.authRequests.filter(
      (entry: AuthLogRequest) => !query.organizationId || entry.organizationId === query.organizationId,
    )
    token = res.nextPageToken
    if (kept.length > 0 || !token) {
      const items = await Promise.all(kept.map((entry) => protoJson<AuthLogJson>(AuthLogRequestSchema, entry)))
      const page: Page<AuthLogJson> = {items, nextPageToken: token}
      if (!query.organizationId) page.totalSize = res.totalSize
      return page
    }
  }
}
