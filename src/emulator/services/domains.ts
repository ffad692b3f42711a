import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  DomainService,
  DomainType,
  type DomainSchema,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {alreadyExists, invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {DomainRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {findOrganization, type OrganizationIdentities} from './lookup.js'

/** Lower-case DNS labels with at least one dot and a TLD that is not all digits (so not an IP address). */
const DOMAIN_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9-]{2,63}$/

export const domainService = defineService(DomainService, {
  createDomain({identities, domain: input}, {store}) {
    const organization = findOrganization(store, identities)
    // protovalidate guarantees `domain.domain` of 4-255 characters.
    const name = normalizeDomain(input!.domain)
    const owner = store.domains.getBy('domain', name)
    if (owner) throw alreadyExists(`domain ${name} already belongs to organization ${owner.organizationId}`)
    const domainType = input!.domainType || DomainType.ORGANIZATION_DOMAIN
    const now = Date.now()
    // The emulator cannot see DNS, so a domain is verified as soon as it is added: as if the organization's admin
    // had vouched for it. Allowed email domains need no proof of ownership at all.
    const record: DomainRecord = {
      id: store.newId('dom'),
      organizationId: organization.id,
      domain: name,
      domainType,
      verificationStatus: VerificationStatus.VERIFIED,
      verificationMethod:
        domainType === DomainType.ALLOWED_EMAIL_DOMAIN ? VerificationMethod.NOT_APPLICABLE : VerificationMethod.ADMIN,
      createTime: now,
      updateTime: now,
    }
    store.domains.put(record)
    return {domain: toDomain(store, record)}
  },

  getDomain({identities, id}, {store}) {
    return {domain: toDomain(store, findDomain(store, identities, id))}
  },

  // UpdateDomain carries no updatable field: it answers with the domain as it is.
  updateDomain({identities, id}, {store}) {
    return {domain: toDomain(store, findDomain(store, identities, id))}
  },

  verifyDomain({identities, id}, {store}) {
    const domain = findDomain(store, identities, id)
    if (domain.verificationStatus !== VerificationStatus.VERIFIED) {
      store.domains.put({...domain, verificationStatus: VerificationStatus.VERIFIED, updateTime: Date.now()})
    }
    return {verified: true}
  },

  deleteDomain({identities, id}, {store}) {
    store.domains.delete(findDomain(store, identities, id).id)
    return {}
  },

  /** Every domain of the organization unless `page_size` asks for pages; `page_number` counts from 1. */
  listDomains({identities, domainType, pageSize, pageNumber}, {store}) {
    const organization = findOrganization(store, identities)
    const domains = store.domains
      .listBy('organizationId', organization.id)
      .filter((domain) => !domainType || domain.domainType === domainType)
    const size = pageSize && pageSize > 0 ? pageSize : Math.max(domains.length, 1)
    const number = pageNumber && pageNumber > 0 ? pageNumber : 1
    const page = domains.slice((number - 1) * size, number * size)
    return {pageSize: size, pageNumber: number, domains: page.map((domain) => toDomain(store, domain))}
  },
})

export function toDomain(store: Store, domain: DomainRecord): MessageInitShape<typeof DomainSchema> {
  return {
    id: domain.id,
    domain: domain.domain,
    environmentId: store.environment.id,
    organizationId: domain.organizationId,
    domainType: domain.domainType,
    verificationStatus: domain.verificationStatus,
    verificationMethod: domain.verificationMethod ?? VerificationMethod.ADMIN,
    createTime: timestampFromMs(domain.createTime),
    updateTime: timestampFromMs(domain.updateTime),
  }
}

/** `Example.COM.` -> `example.com`; anything that is not a DNS name is INVALID_ARGUMENT. */
export function normalizeDomain(input: string): string {
  const name = input.trim().toLowerCase().replace(/\.$/, '')
  if (name.length > 253 || !DOMAIN_NAME.test(name)) throw invalidArgument(`${input} is not a valid domain name`)
  return name
}

function findDomain(store: Store, identities: OrganizationIdentities, id: string): DomainRecord {
  const organization = findOrganization(store, identities)
  const domain = store.domains.get(id)
  if (domain?.organizationId !== organization.id) throw notFound(`domain ${id} not found`)
  return domain
}
