import type {EventJson} from '../api/events.js'
import type {Column} from './table.js'

export const eventColumns: Column<EventJson>[] = [
  {header: 'TIME', value: (event) => event.occurredAt},
  {header: 'TYPE', value: (event) => event.type},
  {header: 'ORGANIZATION', value: (event) => event.organizationId},
  {header: 'ID', value: (event) => event.id},
]
