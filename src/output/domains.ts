import {DOMAIN_TYPES, type DomainJson} from '../api/domains.js'
import {day, enumText} from './format.js'
import type {Column} from './table.js'

/** `ORGANIZATION_DOMAIN` → `organization`: the name --type takes. */
const typeText = (type: string) =>
  Object.entries(DOMAIN_TYPES).find(([, proto]) => proto === type)?.[0] ?? enumText(type)

export const domainColumns: Column<DomainJson>[] = [
  {header: 'ID', value: (d) => d.id},
  {header: 'DOMAIN', value: (d) => d.domain},
  {header: 'TYPE', value: (d) => typeText(d.domainType)},
  {header: 'VERIFICATION', value: (d) => enumText(d.verificationStatus)},
  {header: 'CREATED', value: (d) => day(d.createTime)},
]

export function domainRecord(domain: DomainJson): Array<[string, string | undefined]> {
  const pending = domain.verificationStatus === 'PENDING' && domain.txtRecordKey
  return [
    ['id', domain.id],
    ['domain', domain.domain],
    ['organization', domain.organizationId],
    ['type', typeText(domain.domainType)],
    ['verification', enumText(domain.verificationStatus)],
    ['dns txt record', pending ? `${domain.txtRecordKey} = ${domain.txtRecordSecret}` : undefined],
    ['created', domain.createTime],
    ['updated', domain.updateTime],
  ]
}
