import type {Organization} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'

import {CliError} from '../errors.js'
import type {Api} from './client.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const schemas = lazyModule(
  () => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'),
)

/** An organization as the API returns it, in protobuf JSON form (camelCase, RFC 3339 timestamps). */
export interface OrganizationJson {
  createTime?: string
  displayName: string
  externalId?: string
  id: string
  logoUrl?: string
  metadata: Record<string, string>
  regionCode: string
  settings?: {features?: Array<{enabled: boolean; name: string}>}
  slug?: string
  updateTime?: string
}

export interface PortalLinkJson {
  expireTime?: string
  id: string
  location: string
}

/** Refers to an organization by Scalekit id or by the caller's external id. */
export type OrganizationRef = {externalId: string} | {id: string}

export const describeRef = (ref: OrganizationRef) => ('id' in ref ? ref.id : `with external id ${ref.externalId}`)

async function toJson(org: Organization | undefined): Promise<OrganizationJson> {
  if (!org) throw new CliError('api_error', 'the API answered without an organization')
  const {OrganizationSchema} = await schemas()
  return protoJson<OrganizationJson>(OrganizationSchema, org)
}

export function listOrganizations(api: Api, limit?: number): Pages<OrganizationJson> {
  return paginate(async (pageToken, pageSize) => {
    const res = await api.call((c) => c.organization.listOrganization({pageSize, pageToken}))
    return {
      items: await Promise.all(res.organizations.map(toJson)),
      nextPageToken: res.nextPageToken,
      totalSize: res.totalSize,
    }
  }, limit)
}

/** SearchOrganization accepts at most 30 per page (its page_size rule). */
const SEARCH_PAGE_SIZE = 30

export function searchOrganizations(api: Api, query: string, limit?: number): Pages<OrganizationJson> {
  return paginate(
    async (pageToken, pageSize) => {
      const res = await api.call((c) => c.organization.searchOrganization(query, pageSize, pageToken))
      return {
        items: await Promise.all(res.organizations.map(toJson)),
        nextPageToken: res.nextPageToken,
        totalSize: res.totalSize,
      }
    },
    limit,
    SEARCH_PAGE_SIZE,
  )
}

export async function getOrganization(api: Api, ref: OrganizationRef): Promise<OrganizationJson> {
  const res = await api.call((c) =>
    'id' in ref ? c.organization.getOrganization(ref.id) : c.organization.getOrganizationByExternalId(ref.externalId),
  )
  return toJson(res.organization)
}

export interface OrganizationFields {
  externalId?: string
  metadata?: Record<string, string>
  name?: string
  slug?: string
}

export async function createOrganization(
  api: Api,
  fields: OrganizationFields & {name: string},
): Promise<OrganizationJson> {
  // Through the generated RPC: the SDK's createOrganization wrapper drops metadata.
  const res = await api
    .rpc<unknown, {organization?: Organization}>((c) => c.organization, 'createOrganization', {
      organization: {
        displayName: fields.name,
        externalId: fields.externalId,
        metadata: fields.metadata ?? {},
        slug: fields.slug,
      },
    })
    .catch((error: CliError) => {
      if (error.code !== 'already_exists' || !fields.externalId) throw error
      throw new CliError('already_exists', error.message, {hint: `skctl orgs get --external-id ${fields.externalId}`})
    })
  return toJson(res.organization)
}

/**
 * Updates only the fields given, naming them in update_mask. Metadata is merged into what the organization has;
 * a key given an empty value is removed.
 */
export async function updateOrganization(
  api: Api,
  ref: OrganizationRef,
  fields: OrganizationFields,
): Promise<OrganizationJson> {
  const changes = {
    display_name: fields.name,
    external_id: fields.externalId,
    metadata: fields.metadata && mergeMetadata((await getOrganization(api, ref)).metadata, fields.metadata),
    slug: fields.slug,
  }
  const paths = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([path]) => path)
  const res = await api.rpc<unknown, {organization?: Organization}>((c) => c.organization, 'updateOrganization', {
    identities: 'id' in ref ? {case: 'id', value: ref.id} : {case: 'externalId', value: ref.externalId},
    organization: {
      displayName: changes.display_name,
      externalId: changes.external_id,
      metadata: changes.metadata ?? {},
      slug: changes.slug,
    },
    updateMask: {paths},
  })
  return toJson(res.organization)
}

export function mergeMetadata(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const merged = {...current, ...changes}
  for (const [key, value] of Object.entries(changes)) if (value === '') delete merged[key]
  return merged
}

export async function deleteOrganization(api: Api, ref: OrganizationRef): Promise<{id: string}> {
  // Deleting by external id resolves it first, so the result (and any error) names the Scalekit id.
  const id = 'id' in ref ? ref.id : (await getOrganization(api, ref)).id
  await api.call((c) => c.organization.deleteOrganization(id))
  return {id}
}

export async function updateFeatures(
  api: Api,
  id: string,
  features: Array<{enabled: boolean; name: string}>,
): Promise<OrganizationJson> {
  const res = await api.call((c) => c.organization.updateOrganizationSettings(id, {features}))
  return toJson(res.organization)
}

export async function generatePortalLink(api: Api, id: string): Promise<PortalLinkJson> {
  const link = await api.call((c) => c.organization.generatePortalLink(id))
  const {LinkSchema} = await schemas()
  return protoJson<PortalLinkJson>(LinkSchema, link)
}

/**
 * An organization argument: a Scalekit id (`org_` and digits) or, otherwise, the caller's external id — which may
 * itself start with `org_`, as Auth0 and WorkOS organization ids do.
 */
export function parseOrganizationRef(value: string): OrganizationRef {
  const trimmed = value.trim()
  return /^org_\d+$/.test(trimmed) ? {id: trimmed} : {externalId: trimmed}
}

/** Resolves an organization argument to its Scalekit id (one lookup when given an external id). */
export async function resolveOrganizationId(api: Api, value: string): Promise<string> {
  const ref = parseOrganizationRef(value)
  return 'id' in ref ? ref.id : (await getOrganization(api, ref)).id
}
