import {timestampDate, timestampFromDate} from '@bufbuild/protobuf/wkt'
import {
  AuditLogsService,
  type ListAuthLogRequest,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js'
import {type AuthLogEntry, authLogOf} from '../auth-logs/auth-log.js'
import {defineService} from '../rpc/service-definition.js'
import {newestFirst, paginate} from './paging.js'

/**
 * Authorization requests, newest first (as Scalekit lists them), from the emulator's bounded auth log
 * (AUTH_LOG_CAPACITY). Filters: email (any case), statuses (any of, any case), time range and client id; the
 * resource and connected-account filters are AgentKit's, whose requests the emulator never sees, so they match
 * nothing.
 */
export const auditLogsService = defineService(AuditLogsService, {
  listAuthRequests(request, {store}) {
    const {items, ...paging} = paginate(
      newestFirst(authLogOf(store).entries),
      {pageSize: request.pageSize, pageToken: request.pageToken},
      matching(request),
    )
    return {...paging, authRequests: items.map((entry) => toAuthLogRequest(entry, store.environment.id))}
  },
})

function matching(request: ListAuthLogRequest): (entry: AuthLogEntry) => boolean {
  const email = request.email.toLowerCase()
  const statuses = new Set(request.status.map((status) => status.toUpperCase()))
  const start = request.startTime ? timestampDate(request.startTime).getTime() : undefined
  const end = request.endTime ? timestampDate(request.endTime).getTime() : undefined
  const unmatchable = Boolean(request.resourceId || request.connectedAccountIdentifier)
  return (entry) => {
    const time = entry.timestamp.getTime()
    return (
      !unmatchable &&
      (!email || entry.email.toLowerCase() === email) &&
      (statuses.size === 0 || statuses.has(entry.status)) &&
      (start === undefined || time >= start) &&
      (end === undefined || time <= end) &&
      (!request.clientId || entry.clientId === request.clientId)
    )
  }
}

function toAuthLogRequest(entry: AuthLogEntry, environmentId: string) {
  const {organizationId, connectionId, connectionType, connectionProvider} = entry
  return {
    organizationId,
    environmentId,
    connectionId,
    authRequestId: entry.authRequestId,
    email: entry.email,
    connectionType,
    connectionProvider,
    status: entry.status,
    timestamp: timestampFromDate(entry.timestamp),
    connectionDetails: connectionId ? [{connectionId, organizationId, connectionType, connectionProvider}] : [],
    workflow: 'SSO',
    clientId: entry.clientId,
  }
}
