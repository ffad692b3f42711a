import type {Domain, ListDomainResponse} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {domainToASCII} from 'node:url'

import {CliError, invalidInput} from '../errors.js'
import type {Api} from './client.js'
import {MAX_PAGE_SIZE, onePage, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'))

/** The kinds of domain, by the names the CLI gives them. */
export const DOMAIN_TYPES = {
  'allowed-email': 'ALLOWED_EMAIL_DOMAIN',
  organization: 'ORGANIZATION_DOMAIN',
} as const
export type DomainTypeName = keyof typeof DOMAIN_TYPES

/** A domain as the API returns it, in protobuf JSON form. */
export interface DomainJson {
  createTime?: string
  domain: string
  domainType: string
  environmentId: string
  id: string
  organizationId: string
  /** The DNS TXT record that proves ownership: published in DNS, so not a credential. */
  txtRecordKey: string
  txtRecordSecret: string
  updateTime?: string
  verificationMethod: string
  verificationStatus: string
}

async function toJson(domain: Domain | undefined): Promise<DomainJson> {
  if (!domain) throw new CliError('api_error', 'the API answered without a domain')
  const {DomainSchema} = await schemas()
  return protoJson<DomainJson>(DomainSchema, domain)
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/**
 * A bare host name such as `acme.com`, lower-cased (internationalised names become punycode). A URL, an email,
 * a port, a path, an IP address or a name without a dot is refused before any call.
 */
export function parseDomainName(value: string): string {
  const trimmed = value.trim().replace(/\.$/, '')
  // Host names hold only letters, digits, dots and hyphens: this refuses schemes, paths, ports and emails.
  const name = /^[\p{L}\p{N}.-]+$/u.test(trimmed) ? domainToASCII(trimmed.toLowerCase()) : ''
  const labels = name.split('.')
  const topLevel = labels.at(-1) ?? ''
  if (name.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TOP_LEVEL.test(topLevel)) {
    return name
  }
  const host = URL.canParse(trimmed) ? new URL(trimmed).hostname : ''
  throw invalidInput(
    `"${value}" is not a domain name`,
    host ? `pass the host name alone: ${host}` : 'pass a host name such as acme.com, with no scheme, path or port',
  )
}

/**
 * ListDomains pages by number, not token, and reports no total. Every page is fetched (organizations have few
 * domains), so the total is exact and --limit applies to what came back. A server that ignores page_number would
 * repeat its first page: a page with nothing new ends the walk.
 */
export async function* listDomains(
  api: Api,
  organizationId: string,
  options: {limit?: number; type?: DomainTypeName},
): Pages<DomainJson> {
  const {DomainType} = await schemas()
  const domainType = options.type ? DomainType[DOMAIN_TYPES[options.type]] : DomainType.DOMAIN_TYPE_UNSPECIFIED
  const found = new Map<string, Domain>()
  let pageNumber: number | undefined
  for (;;) {
    const res = await api.rpc<unknown, ListDomainResponse>((c) => c.domain, 'listDomains', {
      domainType,
      identities: {case: 'organizationId', value: organizationId},
      pageNumber,
      pageSize: MAX_PAGE_SIZE,
    })
    const fresh = res.domains.filter((d) => !found.has(d.id))
    for (const domain of fresh) found.set(domain.id, domain)
    if (res.domains.length < MAX_PAGE_SIZE || fresh.length === 0) break
    pageNumber = res.pageNumber + 1
  }
  yield onePage(await Promise.all([...found.values()].map(toJson)), options.limit)
}

export async function addDomain(
  api: Api,
  organizationId: string,
  name: string,
  type: DomainTypeName,
): Promise<DomainJson> {
  const res = await api.call((c) => c.domain.createDomain(organizationId, name, {domainType: DOMAIN_TYPES[type]}))
  return toJson(res.domain)
}

export async function getDomain(api: Api, organizationId: string, id: string): Promise<DomainJson> {
  const res = await api.call((c) => c.domain.getDomain(organizationId, id))
  return toJson(res.domain)
}

export async function removeDomain(api: Api, organizationId: string, id: string): Promise<void> {
  await api.call((c) => c.domain.deleteDomain(organizationId, id))
}
