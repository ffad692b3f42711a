import {
  type ConnectionJson,
  type ConnectionSummaryJson,
  getConnection,
  listAllOrganizationConnections,
  listConnections,
} from '../api/connections.js'
import type {Api} from '../api/client.js'
import {type DirectoryJson, listDirectories, listDirectoryGroups} from '../api/directories.js'
import {listDomains} from '../api/domains.js'
import {listOrganizations, type OrganizationJson} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {listPermissions} from '../api/permissions.js'
import {listRoles} from '../api/roles.js'
import type {UserJson} from '../api/users.js'
import {mapConcurrent} from '../concurrency.js'
import {DEFAULT_BACKOFF, Retrier} from '../import/retry.js'
import type {ConnectionSpec, DirectorySpec, OrganizationSpec, PermissionSpec, RoleSpec, UserSpec} from './model.js'

// Reads what an environment holds now, in the file's shape: sorted by key so two reads of the same environment are
// identical, with the Scalekit ids kept beside (plan and apply need them; the file does not).

/** Reads of one organization's parts run this many organizations at a time. */
export const READ_CONCURRENCY = 8

/**
 * The organizations a whole-environment read (plan, diff) reads at a time: each is three or four calls, so this
 * keeps about fifty reads in flight, which a far-away API needs to answer a thousand organizations quickly; a rate
 * limit pauses them all (readOrganizations).
 */
export const ENVIRONMENT_READ_CONCURRENCY = 16

export interface RemoteConnection {
  id: string
  spec: ConnectionSpec
}

export interface RemoteDirectory {
  /** Group display name → group id, for the group-to-role mappings. */
  groups: Map<string, string>
  id: string
  spec: DirectorySpec
}

export interface RemoteOrganization {
  connections: RemoteConnection[]
  directories: RemoteDirectory[]
  /** Domain name → id, of both kinds. */
  domainIds: Map<string, string>
  id: string
  spec: OrganizationSpec
}

export interface RemoteEnv {
  organizations: Map<string, RemoteOrganization>
  /** Organization id → external id. */
  externalIds: Map<string, string>
  permissions: Record<string, PermissionSpec>
  roles: Record<string, RoleSpec>
  /** Roles Scalekit gives every environment (the default creator and member roles): never deleted. */
  builtinRoles: Set<string>
  /** Organizations without an external id: an environment file cannot name them, so they are left alone. */
  unkeyed: number
}

export const providerName = (value: string) => value.toLowerCase().replaceAll('_', '-')
const sortedRecord = <V>(entries: Array<[string, V]>): Record<string, V> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
const nonEmpty = <T extends object>(value: T | undefined) =>
  value && Object.keys(value).length > 0 ? value : undefined

export async function readPermissions(api: Api): Promise<Record<string, PermissionSpec>> {
  const {items} = await collect(listPermissions(api))
  return sortedRecord(
    items
      .filter((p) => !p.isScalekitPermission)
      .map((p) => [p.name, p.description ? {description: p.description} : {}] as [string, PermissionSpec]),
  )
}

/** Environment roles (no organization) or an organization's own roles, each with the permissions it grants itself. */
export async function readRoles(
  api: Api,
  organizationId?: string,
): Promise<{builtin: Set<string>; roles: Record<string, RoleSpec>}> {
  // One call for the roles and the permissions each grants itself, rather than one more call per role.
  const {items} = await collect(listRoles(api, {include: 'permissions', organizationId}))
  const own = items.filter((r) => r.isOrgRole === Boolean(organizationId))
  const builtin = new Set(own.filter((r) => r.defaultCreator || r.defaultMember).map((r) => r.name))
  const roles = sortedRecord(
    own.map((r) => {
      const spec: RoleSpec = {displayName: r.displayName}
      if (r.description) spec.description = r.description
      if (r.extends) spec.extends = r.extends
      spec.permissions = r.permissions.map((p) => p.name).sort()
      return [r.name, spec] as [string, RoleSpec]
    }),
  )
  return {builtin, roles}
}

/** Every organization that has an external id, sorted by it; the others are only counted. */
export async function readOrganizationList(api: Api): Promise<{organizations: OrganizationJson[]; unkeyed: number}> {
  const {items} = await collect(listOrganizations(api))
  const keyed = items.filter((o) => o.externalId)
  keyed.sort((a, b) => ((a.externalId ?? '') < (b.externalId ?? '') ? -1 : 1))
  return {organizations: keyed, unkeyed: items.length - keyed.length}
}

/** The parts of an organization a read fetches besides the organization itself. */
export interface OrganizationParts {
  connections: boolean
  directories: boolean
  /** Both kinds: organization domains and allowed email domains. */
  domains: boolean
  roles: boolean
}

const ALL_PARTS: OrganizationParts = {connections: true, directories: true, domains: true, roles: true}

/** Runs one read, sending it again when that can help (a rate limit); by default once. */
type Reader = <T>(read: () => Promise<T>) => Promise<T>
const once: Reader = (read) => read()

/** A part not read is empty: nothing is compared with it. */
export async function readOrganization(
  api: Api,
  org: OrganizationJson,
  options: {
    /** The organization's connections, when a walk over the environment's has listed them already. */
    connections?: ConnectionSummaryJson[]
    parts?: OrganizationParts
    secretName?: (connection: ConnectionSpec, index: number) => string
    /** Each call (not the whole organization) is retried on its own, so one rate limit repeats no other call. */
    read?: Reader
  } = {},
): Promise<RemoteOrganization> {
  const parts = options.parts ?? ALL_PARTS
  const read = options.read ?? once
  const [domains, {roles}, connections, directories] = await Promise.all([
    parts.domains ? read(() => collect(listDomains(api, org.id, {}))) : {items: []},
    parts.roles ? read(() => readRoles(api, org.id)) : {roles: {}},
    parts.connections ? readConnections(api, org.id, read, options.secretName, options.connections) : [],
    parts.directories ? read(() => readDirectories(api, org.id)) : [],
  ])
  const names = (type: string) =>
    domains.items
      .filter((d) => d.domainType === type)
      .map((d) => d.domain)
      .sort()
  const spec: OrganizationSpec = {name: org.displayName}
  spec.metadata = nonEmpty(sortedRecord(Object.entries(org.metadata)))
  const features = org.settings?.features ?? []
  spec.features = nonEmpty(sortedRecord(features.map((f) => [f.name, f.enabled])))
  spec.domains = names('ORGANIZATION_DOMAIN')
  spec.allowedEmailDomains = names('ALLOWED_EMAIL_DOMAIN')
  spec.roles = roles
  spec.connections = connections.map((c) => c.spec)
  spec.directories = directories.map((d) => d.spec)
  return {
    connections,
    directories,
    domainIds: new Map(domains.items.map((d) => [d.domain, d.id])),
    id: org.id,
    spec,
  }
}

async function readConnections(
  api: Api,
  organizationId: string,
  read: Reader,
  secretName?: (connection: ConnectionSpec, index: number) => string,
  listed?: ConnectionSummaryJson[],
): Promise<RemoteConnection[]> {
  const items = listed ?? (await read(() => collect(listConnections(api, {organizationId})))).items
  const full = await mapConcurrent(items, READ_CONCURRENCY, (c) => read(() => getConnection(api, organizationId, c.id)))
  full.sort(
    (a, b) =>
      a.type.localeCompare(b.type) ||
      a.provider.localeCompare(b.provider) ||
      (a.createTime ?? '').localeCompare(b.createTime ?? '') ||
      a.id.localeCompare(b.id),
  )
  return full.map((c, i) => ({id: c.id, spec: connectionSpec(c, (spec) => secretName?.(spec, i))}))
}

function connectionSpec(c: ConnectionJson, secretName: (spec: ConnectionSpec) => string | undefined): ConnectionSpec {
  const spec: ConnectionSpec = {type: c.type as 'OIDC' | 'SAML', provider: providerName(c.provider), enabled: c.enabled}
  if (c.uiButtonTitle) spec.uiButtonTitle = c.uiButtonTitle
  spec.attributeMapping = nonEmpty(sortedRecord(Object.entries(c.attributeMapping)))
  if (c.type === 'SAML' && c.samlConfig) {
    const s = c.samlConfig as Record<string, unknown>
    const certificates = (s.idpCertificates ?? []) as Array<{certificate?: string}>
    spec.saml = dropEmpty({
      idpCertificate: certificates[0]?.certificate,
      idpEntityId: s.idpEntityId,
      idpMetadataUrl: s.idpMetadataUrl,
      // REQUEST_BINDING_UNSPECIFIED is no choice at all.
      idpSsoRequestBinding: String(s.idpSsoRequestBinding).startsWith('HTTP_') ? s.idpSsoRequestBinding : undefined,
      idpSsoUrl: s.idpSsoUrl,
    })
  }
  if (c.type === 'OIDC' && c.oidcConfig) {
    const o = c.oidcConfig as Record<string, unknown>
    const oidc = dropEmpty({clientId: o.clientId, issuer: o.issuer || o.discoveryEndpoint})
    // The secret itself is never read back (the API masks it): the file names a variable to hold it.
    const name = o.clientSecret ? secretName(spec) : undefined
    spec.oidc = name ? {...oidc, clientSecret: `\${${name}}`} : oidc
  }
  return spec
}

function dropEmpty(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  )
}

async function readDirectories(api: Api, organizationId: string): Promise<RemoteDirectory[]> {
  const {items} = await collect(listDirectories(api, organizationId))
  items.sort((a, b) => a.directoryProvider.localeCompare(b.directoryProvider) || a.id.localeCompare(b.id))
  return mapConcurrent(items, READ_CONCURRENCY, (d) => readDirectory(api, d))
}

async function readDirectory(api: Api, d: DirectoryJson): Promise<RemoteDirectory> {
  const assignments =
    (d as DirectoryJson & {roleAssignments?: {assignments?: Array<{groupId: string; roleName: string}>}})
      .roleAssignments?.assignments ?? []
  const groups = new Map<string, string>()
  // Groups are read only when there is something to map: a directory may hold thousands.
  if (d.totalGroups > 0) {
    for await (const page of listDirectoryGroups(api, d.organizationId, d.id, {})) {
      for (const g of page.items) groups.set(g.displayName, g.id)
    }
  }
  const names = new Map([...groups].map(([name, id]) => [id, name]))
  const spec: DirectorySpec = {provider: providerName(d.directoryProvider), enabled: d.enabled}
  const mapped = assignments
    .filter((a) => names.has(a.groupId))
    .map((a) => [names.get(a.groupId) as string, a.roleName] as [string, string])
  spec.groupRoles = nonEmpty(sortedRecord(mapped))
  return {groups, id: d.id, spec}
}

/** A user in the file's shape: memberships of organizations that have an external id only (undefined: none left). */
export function userSpec(user: UserJson, externalIds: Map<string, string>): UserSpec | undefined {
  const memberships = sortedRecord(
    user.memberships
      .filter((m) => externalIds.has(m.organizationId))
      .map(
        (m) => [externalIds.get(m.organizationId) as string, m.roles.map((r) => r.name).sort()] as [string, string[]],
      ),
  )
  if (Object.keys(memberships).length === 0) return undefined
  // Built in the order the file shows it: names first, memberships last.
  const spec: Partial<UserSpec> = {}
  if (user.externalId) spec.externalId = user.externalId
  if (user.userProfile?.givenName) spec.firstName = user.userProfile.givenName
  if (user.userProfile?.familyName) spec.lastName = user.userProfile.familyName
  spec.metadata = nonEmpty(sortedRecord(Object.entries(user.metadata)))
  return {...spec, memberships}
}

/**
 * Everything but users: what plan compares a file with, and diff compares two environments with. `parts` narrows
 * what is read of each organization (by external id); by default, all of it.
 */
export async function readEnvironment(
  api: Api,
  options: {parts?: (externalId: string) => OrganizationParts} = {},
): Promise<RemoteEnv> {
  const [permissions, {builtin, roles}, {organizations, unkeyed}] = await Promise.all([
    readPermissions(api),
    readRoles(api),
    readOrganizationList(api),
  ])
  const parts = options.parts ?? (() => ALL_PARTS)
  const listed = await listedConnections(api, organizations, parts)
  // Reads are safe to send again: one the API rate-limits waits (with every other) and is sent again; any other
  // failure ends the read at once, as before.
  const retrier = new Retrier({policy: {...DEFAULT_BACKOFF, maxAttempts: 1}, signal: new AbortController().signal})
  const remote = await mapConcurrent(organizations, ENVIRONMENT_READ_CONCURRENCY, (o) =>
    readOrganization(api, o, {
      connections: listed && (listed.get(o.id) ?? []),
      parts: parts(o.externalId as string),
      read: (call) => retrier.run(call),
    }),
  )
  return {
    builtinRoles: builtin,
    externalIds: new Map(organizations.map((o) => [o.id, o.externalId as string])),
    organizations: new Map(organizations.map((o, i) => [o.externalId as string, remote[i] as RemoteOrganization])),
    permissions,
    roles,
    unkeyed,
  }
}

/**
 * When most organizations' connections are to be read, one walk over the environment's (30 a page) lists them in
 * far fewer calls than one list per organization; the walk also lists those of organizations that are not read, so
 * for a few organizations among many it would cost more: undefined then, and each is listed on its own.
 */
async function listedConnections(
  api: Api,
  organizations: OrganizationJson[],
  parts: (externalId: string) => OrganizationParts,
): Promise<Map<string, ConnectionSummaryJson[]> | undefined> {
  const reading = organizations.filter((o) => parts(o.externalId as string).connections).length
  if (reading < WALK_AT_LEAST || reading * 2 < organizations.length) return undefined
  const byOrganization = new Map<string, ConnectionSummaryJson[]>()
  for await (const page of listAllOrganizationConnections(api)) {
    for (const c of page.items) {
      const mine = byOrganization.get(c.organizationId)
      if (mine) mine.push(c)
      else byOrganization.set(c.organizationId, [c])
    }
  }
  return byOrganization
}

/** Below this many organizations the per-organization lists run side by side and take no longer than the walk. */
const WALK_AT_LEAST = 64
