import type {OrganizationJson} from '../api/organizations.js'
import type {Column} from './table.js'

export const organizationColumns: Column<OrganizationJson>[] = [
  {header: 'ID', value: (o) => o.id},
  {header: 'NAME', value: (o) => o.displayName},
  {header: 'EXTERNAL ID', value: (o) => o.externalId},
  {header: 'CREATED', value: (o) => o.createTime?.slice(0, 10)},
]

export function organizationRecord(org: OrganizationJson): Array<[string, string | undefined]> {
  const metadata = Object.entries(org.metadata ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
  const features = (org.settings?.features ?? []).map((f) => `${f.name}: ${f.enabled ? 'on' : 'off'}`).join(', ')
  return [
    ['id', org.id],
    ['name', org.displayName],
    ['external id', org.externalId],
    ['slug', org.slug],
    ['region', org.regionCode],
    ['metadata', metadata],
    ['features', features],
    ['created', org.createTime],
    ['updated', org.updateTime],
  ]
}
