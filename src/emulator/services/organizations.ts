import {randomUUID} from 'node:crypto'
import type {MessageInitShape} from '@bufbuild/protobuf'
import {type FieldMask, timestampFromMs} from '@bufbuild/protobuf/wkt'
import {RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  type OrganizationSchema,
  OrganizationService,
  type UpdateOrganization,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {alreadyExists, invalidArgument, notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {OrganizationRecord} from '../store/records.js'
import {organizationClaim} from '../store/pinned-ids.js'
import type {Store} from '../store/store.js'
import {deleteOrganizationTokens} from './api-tokens.js'
import {deleteDirectoryCascade} from './directory-state.js'
import {findOrganization, requireOrganization} from './lookup.js'
import {deleteOrganizationClients} from './m2m-clients.js'
import {organizationCreatedEvent} from './organization-events.js'
import {newestFirst, paginate} from './paging.js'
import {sessionPolicyHandlers} from './session-policy.js'

/**
 * API-generated admin-portal links must be opened within a minute, and only once: the first visit exchanges the
 * link for a portal session (src/emulator/portal).
 */
export const PORTAL_LINK_TTL_MS = 60_000
const FEATURES = new Set(['sso', 'dir_sync'])
/** update_mask path -> the UpdateOrganization (and OrganizationRecord) field it names. */
const UPDATABLE_FIELDS = {
  display_name: 'displayName',
  external_id: 'externalId',
  metadata: 'metadata',
  slug: 'slug',
  logo_url: 'logoUrl',
} as const
type UpdatableKey = (typeof UPDATABLE_FIELDS)[keyof typeof UPDATABLE_FIELDS]

export const organizationService = defineService(OrganizationService, {
  createOrganization({organization}, {store, events}) {
    // protovalidate guarantees `organization` is set.
    const input = organization!
    const now = Date.now()
    const record: OrganizationRecord = {
      id: store.newId('org', organizationClaim(input.externalId)),
      displayName: input.displayName,
      ...(input.externalId ? {externalId: input.externalId} : {}),
      ...(input.slug ? {slug: input.slug} : {}),
      ...(input.logoUrl ? {logoUrl: input.logoUrl} : {}),
      metadata: {...input.metadata},
      regionCode: RegionCode.US,
      features: [],
      createTime: now,
      updateTime: now,
    }
    assertUniqueKeys(store, record)
    store.organizations.put(record)
    events.emit(organizationCreatedEvent(record))
    return {organization: toOrganization(record)}
  },

  getOrganization({identities}, {store}) {
    return {organization: toOrganization(findOrganization(store, identities))}
  },

  getOrganizationByExternalId({identities}, {store}) {
    return {organization: toOrganization(findOrganization(store, identities))}
  },

  // Newest first, as Scalekit lists them: its SDK tests create an organization and expect it at index 0 of the first
  // page (scalekit-sdk-python tests/test_organization.py test_list_organizations).
  listOrganization({pageSize, pageToken, externalId}, {store}) {
    const filter = externalId ? (org: OrganizationRecord) => org.externalId === externalId : undefined
    const {items, ...paging} = paginate(newestFirst(store.organizations), {pageSize, pageToken}, filter)
    return {...paging, organizations: items.map(toOrganization)}
  },

  searchOrganization({query, pageSize, pageToken}, {store}) {
    const needle = query.toLowerCase()
    const matches = (org: OrganizationRecord) =>
      [org.id, org.displayName, org.externalId ?? ''].some((text) => text.toLowerCase().includes(needle))
    const {items, ...paging} = paginate(newestFirst(store.organizations), {pageSize, pageToken}, matches)
    return {...paging, organizations: items.map(toOrganization)}
  },

  updateOrganization({identities, organization, updateMask}, {store}) {
    const current = findOrganization(store, identities)
    const changes = organization!
    const updated: OrganizationRecord = {...current, updateTime: Date.now()}
    for (const key of fieldsToUpdate(changes, updateMask)) applyField(updated, key, changes)
    assertUniqueKeys(store, updated)
    store.organizations.put(updated)
    return {organization: toOrganization(updated)}
  },

  deleteOrganization({identities}, {store}) {
    deleteOrganizationCascade(store, findOrganization(store, identities))
    return {}
  },

  updateOrganizationSettings({id, settings}, {store}) {
    const current = requireOrganization(store, id)
    const features = [...current.features]
    for (const {name, enabled} of settings!.features) {
      if (!FEATURES.has(name))
        throw invalidArgument(`unknown feature ${name}; expected one of ${[...FEATURES].join(', ')}`)
      const existing = features.findIndex((feature) => feature.name === name)
      if (existing >= 0) features[existing] = {name, enabled}
      else features.push({name, enabled})
    }
    const updated = {...current, features, updateTime: Date.now()}
    store.organizations.put(updated)
    return {organization: toOrganization(updated)}
  },

  upsertUserManagementSettings({organizationId, settings}, {store}) {
    const current = requireOrganization(store, organizationId)
    const maxAllowedUsers = settings?.maxAllowedUsers ?? current.maxAllowedUsers
    const updated = {...current, ...(maxAllowedUsers === undefined ? {} : {maxAllowedUsers}), updateTime: Date.now()}
    store.organizations.put(updated)
    return {settings: {maxAllowedUsers: updated.maxAllowedUsers}}
  },

  getOrganizationUserManagementSetting({organizationId}, {store}) {
    const organization = requireOrganization(store, organizationId)
    return {settings: {maxAllowedUsers: organization.maxAllowedUsers}}
  },

  generatePortalLink({id}, {store, origin}) {
    const organization = requireOrganization(store, id)
    const now = Date.now()
    const link = {
      id: store.newId('lnk'),
      organizationId: organization.id,
      token: `${randomUUID()}_p`,
      expireTime: now + PORTAL_LINK_TTL_MS,
      createTime: now,
    }
    store.portalLinks.put(link)
    return {
      link: {id: link.id, location: `${origin}/magicLink/${link.token}`, expireTime: timestampFromMs(link.expireTime)},
    }
  },

  deletePortalLinkByID({id, linkId}, {store}) {
    const organization = requireOrganization(store, id)
    const link = store.portalLinks.get(linkId)
    if (link?.organizationId !== organization.id) throw notFound(`portal link ${linkId} not found`)
    store.portalLinks.delete(link.id)
    return {}
  },

  ...sessionPolicyHandlers,
})

/**
 * Removes an organization with everything that only exists inside it: memberships (their users stay, also those
 * left without any organization), domains, connections, its own roles, portal links and directories (with their
 * users and groups).
 */
function deleteOrganizationCascade(store: Store, organization: OrganizationRecord): void {
  store.batch(() => {
    for (const membership of store.memberships.listBy('organizationId', organization.id)) {
      store.memberships.delete(membership.id)
    }
    for (const domain of store.domains.listBy('organizationId', organization.id)) store.domains.delete(domain.id)
    for (const connection of store.connections.listBy('organizationId', organization.id)) {
      store.connections.delete(connection.id)
    }
    for (const role of store.roles.listBy('organizationId', organization.id)) store.roles.delete(role.id)
    for (const link of store.portalLinks.listBy('organizationId', organization.id)) store.portalLinks.delete(link.id)
    deleteOrganizationTokens(store, organization.id)
    deleteOrganizationClients(store, organization.id)
    for (const directory of store.directories.listBy('organizationId', organization.id)) {
      deleteDirectoryCascade(store, directory)
    }
    store.organizations.delete(organization.id)
  })
}

function assertUniqueKeys(store: Store, organization: OrganizationRecord): void {
  const sameExternalId = organization.externalId && store.organizations.getBy('externalId', organization.externalId)
  if (sameExternalId && sameExternalId.id !== organization.id) {
    throw alreadyExists(`organization with external_id ${organization.externalId} already exists`)
  }
  const sameSlug = organization.slug && store.organizations.getBy('slug', organization.slug)
  if (sameSlug && sameSlug.id !== organization.id) {
    throw alreadyExists(`organization with slug ${organization.slug} already exists`)
  }
}

/**
 * Which fields an update changes: those its update_mask names, or else the optional fields that are set, plus
 * metadata when it is non-empty (a map cannot say "unset").
 */
function fieldsToUpdate(changes: UpdateOrganization, mask: FieldMask | undefined): UpdatableKey[] {
  if (mask?.paths.length) {
    return mask.paths.map((path) => {
      const key = (UPDATABLE_FIELDS as Record<string, UpdatableKey | undefined>)[path]
      if (!key) {
        throw invalidArgument(`update_mask path ${path} is not one of ${Object.keys(UPDATABLE_FIELDS).join(', ')}`)
      }
      return key
    })
  }
  return Object.values(UPDATABLE_FIELDS).filter((key) =>
    key === 'metadata' ? Object.keys(changes.metadata).length > 0 : changes[key] !== undefined,
  )
}

function applyField(target: OrganizationRecord, key: UpdatableKey, changes: UpdateOrganization): void {
  if (key === 'metadata') {
    target.metadata = {...changes.metadata}
  } else if (key === 'displayName') {
    // protovalidate checks a display_name that is set; an update_mask can name one that is not.
    if (!changes.displayName)
      throw invalidArgument('update_mask names display_name but organization.display_name is empty')
    target.displayName = changes.displayName
  } else if (changes[key]) {
    target[key] = changes[key]
  } else {
    // Setting an empty value clears the field.
    delete target[key]
  }
}

function toOrganization(record: OrganizationRecord): MessageInitShape<typeof OrganizationSchema> {
  return {
    id: record.id,
    displayName: record.displayName,
    externalId: record.externalId,
    slug: record.slug,
    logoUrl: record.logoUrl,
    metadata: record.metadata,
    regionCode: record.regionCode,
    createTime: timestampFromMs(record.createTime),
    updateTime: timestampFromMs(record.updateTime),
    settings: {features: record.features},
  }
}
