import type {ScalekitEvent} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js'

import type {Api} from './client.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'
import {protobufWkt} from './protobuf.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js'))

/** An event of the environment (the ones webhooks deliver), in protobuf JSON form. */
export interface EventJson {
  data?: Record<string, unknown>
  displayName: string
  environmentId: string
  id: string
  object: string
  occurredAt?: string
  organizationId?: string
  specVersion: string
  type: string
}

export interface EventQuery {
  organizationId?: string
  since?: Date
  types?: string[]
}

/** The environment's events (EventsService ListEventsPaginated), newest first. The RPC reports no total. */
export function listEvents(api: Api, query: EventQuery, limit?: number): Pages<EventJson> {
  return paginate(async (pageToken, pageSize) => {
    const {timestampFromDate} = protobufWkt()
    const filter = {
      eventTypes: query.types ?? [],
      organizationId: query.organizationId ?? '',
      ...(query.since ? {startTime: timestampFromDate(query.since)} : {}),
    }
    const res = await api.call((c) => c.events.listEventsPaginated(pageSize, pageToken, filter))
    const {ScalekitEventSchema} = await schemas()
    const items = await Promise.all(
      res.events.map((event: ScalekitEvent) => protoJson<EventJson>(ScalekitEventSchema, event)),
    )
    return {items, nextPageToken: res.nextPageToken}
  }, limit)
}
