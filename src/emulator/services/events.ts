import type {JsonObject} from '@bufbuild/protobuf'
import {timestampDate, timestampFromDate} from '@bufbuild/protobuf/wkt'
import {
  type EventFilter,
  EventsService,
  ObjectType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js'
import type {RecordedEvent} from '../events/bus.js'
import {defineService} from '../rpc/service-definition.js'
import type {Store} from '../store/store.js'
import {newestFirst, paginate} from './paging.js'

/**
 * The events the emulator emitted — the ones it delivers as webhooks — newest first, from the bus's bounded history
 * (EVENT_HISTORY_CAPACITY). Filters by type, time range and organization; the filters on things the emulator's
 * events never carry (auth requests, interceptors, connected accounts) match nothing.
 */
export const eventsService = defineService(EventsService, {
  listEventsPaginated({filter, pageSize, pageToken}, {store, events}) {
    const {items, nextPageToken, prevPageToken} = paginate(
      newestFirst(events.history),
      {pageSize, pageToken},
      filter ? matching(filter) : undefined,
    )
    return {events: items.map((event) => toScalekitEvent(event, store)), nextPageToken, prevPageToken}
  },

  listEvents({filter, pageSize, pageToken}, {store, events}) {
    const {items, ...paging} = paginate(
      newestFirst(events.history),
      {pageSize, pageToken},
      filter ? matching(filter) : undefined,
    )
    return {...paging, events: items.map((event) => toScalekitEvent(event, store))}
  },
})

function matching(filter: EventFilter): (event: RecordedEvent) => boolean {
  const types = new Set(filter.eventTypes)
  const start = filter.startTime ? timestampDate(filter.startTime).getTime() : undefined
  const end = filter.endTime ? timestampDate(filter.endTime).getTime() : undefined
  const unmatchable = Boolean(
    filter.authRequestId ||
    filter.interceptorId ||
    filter.interceptorStatus ||
    filter.interceptorDecision ||
    filter.connectedAccountId,
  )
  return (event) => {
    const time = event.occurredAt.getTime()
    return (
      !unmatchable &&
      (types.size === 0 || types.has(event.type)) &&
      (start === undefined || time >= start) &&
      (end === undefined || time <= end) &&
      (!filter.organizationId || event.organizationId === filter.organizationId) &&
      (!filter.connectionId || event.data.connection_id === filter.connectionId)
    )
  }
}

function toScalekitEvent(event: RecordedEvent, store: Store) {
  const object = ObjectType[event.object as keyof typeof ObjectType]
  return {
    specVersion: '1',
    id: event.id,
    type: event.type,
    occurredAt: timestampFromDate(event.occurredAt),
    environmentId: store.environment.id,
    ...(event.organizationId ? {organizationId: event.organizationId} : {}),
    object: typeof object === 'number' ? object : ObjectType.OBJECT_TYPE_UNSPECIFIED,
    data: structSafe(event.data),
    displayName: event.type,
  }
}

/** google.protobuf.Struct holds JSON only: undefined members go, dates and the like become their JSON form. */
function structSafe(data: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(data)) as JsonObject
}
