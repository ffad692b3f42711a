import {CliError, invalidInput} from '../errors.js'
import type {ConnectionSpec, DirectorySpec, EnvSpec, OrganizationSpec, RoleSpec, UserSpec} from './model.js'
import type {RemoteConnection, RemoteDirectory, RemoteEnv, RemoteOrganization} from './read.js'
import type {RemoteUser} from './users.js'

// A plan is what it takes to make an environment match a file: creates, field-by-field updates and (only with
// --prune) deletes, in the order apply runs them. Only what the file says is compared: a field left out of the file
// is left as it is; a map given in the file (metadata, attribute mappings) is matched exactly; a list of items
// (domains, connections, roles…) gains what is missing and loses the rest only with --prune.

export type Action = 'create' | 'delete' | 'update'
export type Resource =
  | 'connection'
  | 'directory'
  | 'domain'
  | 'membership'
  | 'organization'
  | 'organization role'
  | 'permission'
  | 'role'
  | 'user'

export interface FieldChange {
  field: string
  /** Absent: not set now. */
  from?: unknown
  /** Absent: removed. */
  to?: unknown
}

export interface Change {
  action: Action
  fields: FieldChange[]
  /** The Scalekit id of what exists (updates, deletes). */
  id?: string
  /** What the change is about, by its natural key: a permission or role name, an external id, a domain, an email. */
  key: string
  /** The organization (external id) the item belongs to. */
  organization?: string
  resource: Resource
}

export interface Plan {
  changes: Change[]
  /** Things that will not converge on their own (a directory group the IdP has not provisioned yet…). */
  notes: string[]
  summary: Record<Action, number>
}

/** Apply's order; deletes run afterwards in the reverse order. */
export const PHASES: Resource[] = [
  'permission',
  'role',
  'organization',
  'organization role',
  'domain',
  'connection',
  'directory',
  'user',
  'membership',
]

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const sortedSet = (values: string[] | undefined) => [...new Set(values ?? [])].sort()

/** Field changes of the scalars the desired side sets. */
function scalarChanges(prefix: string, desired: object, current: object, fields: string[]): FieldChange[] {
  const changes: FieldChange[] = []
  for (const field of fields) {
    const to = (desired as Record<string, unknown>)[field]
    const from = (current as Record<string, unknown>)[field]
    if (to !== undefined && !same(to, from ?? (typeof to === 'string' ? '' : undefined))) {
      changes.push({field: `${prefix}${field}`, from, to})
    }
  }
  return changes
}

/** A map the desired side gives, matched exactly: one change per key added, changed or removed. */
function mapChanges(
  field: string,
  desired: Record<string, unknown> | undefined,
  current: Record<string, unknown> | undefined,
  exact = true,
): FieldChange[] {
  if (desired === undefined) return []
  const now = current ?? {}
  const keys = new Set([...Object.keys(desired), ...(exact ? Object.keys(now) : [])])
  return [...keys]
    .sort()
    .filter((k) => !same(desired[k], now[k]))
    .map((k) => ({field: `${field}.${k}`, from: now[k], to: desired[k]}))
}

function setChange(field: string, desired: string[] | undefined, current: string[] | undefined): FieldChange[] {
  if (desired === undefined) return []
  const to = sortedSet(desired)
  const from = sortedSet(current)
  return same(to, from) ? [] : [{field, from, to}]
}

export function roleChanges(desired: RoleSpec, current: RoleSpec): FieldChange[] {
  return [
    ...scalarChanges('', desired, current, ['displayName', 'description', 'extends']),
    ...setChange('permissions', desired.permissions, current.permissions),
  ]
}

export interface PlanOptions {
  prune: boolean
}

class PlanBuilder {
  readonly changes: Change[] = []
  readonly notes: string[] = []

  constructor(private readonly prune: boolean) {}

  add(change: Omit<Change, 'fields'> & {fields?: FieldChange[]}): void {
    if (change.action === 'delete' && !this.prune) return
    if (change.action === 'update' && (change.fields ?? []).length === 0) return
    this.changes.push({fields: [], ...change})
  }

  build(): Plan {
    const rank = (c: Change) =>
      c.action === 'delete' ? 100 + PHASES.length - PHASES.indexOf(c.resource) : PHASES.indexOf(c.resource)
    const changes = this.changes
      .map((c, i) => ({c, i}))
      .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
      .map(({c}) => c)
    const summary = {create: 0, delete: 0, update: 0}
    for (const c of changes) summary[c.action]++
    return {changes, notes: this.notes, summary}
  }
}

/** Creates of a set of roles, each after the role it extends when that one is created too. */
function orderedRoleNames(roles: Record<string, RoleSpec>): string[] {
  const out: string[] = []
  const visit = (name: string, seen: Set<string>) => {
    if (out.includes(name) || seen.has(name)) return
    seen.add(name)
    const base = roles[name]?.extends
    if (base && roles[base]) visit(base, seen)
    out.push(name)
  }
  for (const name of Object.keys(roles)) visit(name, new Set())
  return out
}

function planRoles(
  plan: PlanBuilder,
  resource: 'organization role' | 'role',
  desired: Record<string, RoleSpec> | undefined,
  current: Record<string, RoleSpec>,
  options: {builtin?: Set<string>; organization?: string},
): void {
  if (desired === undefined) return
  const {organization} = options
  for (const name of orderedRoleNames(desired)) {
    const spec = desired[name] as RoleSpec
    const now = current[name]
    if (!now) plan.add({action: 'create', fields: createFields(spec), key: name, organization, resource})
    else plan.add({action: 'update', fields: roleChanges(spec, now), key: name, organization, resource})
  }
  for (const name of Object.keys(current)) {
    if (!(name in desired) && !options.builtin?.has(name))
      plan.add({action: 'delete', key: name, organization, resource})
  }
}

/** The fields a create sets, flattened for display. */
function createFields(spec: object, prefix = ''): FieldChange[] {
  const fields: FieldChange[] = []
  for (const [field, value] of Object.entries(spec)) {
    if (value === undefined) continue
    if (value && typeof value === 'object' && !Array.isArray(value))
      fields.push(...createFields(value, `${prefix}${field}.`))
    else fields.push({field: `${prefix}${field}`, to: value})
  }
  return fields
}

const ORGANIZATION_PARTS = new Set(['connections', 'directories', 'domains', 'allowedEmailDomains', 'roles'])
const organizationFields = (spec: OrganizationSpec) =>
  createFields(Object.fromEntries(Object.entries(spec).filter(([k]) => !ORGANIZATION_PARTS.has(k) && k !== 'id')))

/** Matches the file's connections to the environment's: a pinned id first, then by type and provider, in order. */
export function matchItems<S extends {id?: string}, R extends {id: string; spec: S}>(
  desired: S[],
  current: R[],
  sameKind: (a: S, b: S) => boolean,
): Array<R | undefined> {
  const taken = new Set<string>()
  const byPin = desired.map((d) => {
    const found = d.id ? current.find((r) => r.id === d.id) : undefined
    if (found) taken.add(found.id)
    return found
  })
  return desired.map((d, i) => {
    if (byPin[i]) return byPin[i]
    const found = current.find((r) => !taken.has(r.id) && sameKind(d, r.spec))
    if (found) taken.add(found.id)
    return found
  })
}

const connectionKey = (c: ConnectionSpec, index: number) => `${c.type} ${c.provider} #${index + 1}`
const directoryKey = (d: DirectorySpec, index: number) => `${d.provider} #${index + 1}`

export function connectionChanges(desired: ConnectionSpec, current: ConnectionSpec): FieldChange[] {
  const {clientSecret: _secret, ...oidc} = desired.oidc ?? {}
  return [
    ...scalarChanges('', desired, current, ['enabled', 'uiButtonTitle']),
    // Mappings are merged by the API (a key cannot be removed through it), so only the keys given are compared.
    ...mapChanges('attributeMapping', desired.attributeMapping, current.attributeMapping, false),
    ...scalarChanges('saml.', desired.saml ?? {}, current.saml ?? {}, Object.keys(desired.saml ?? {})),
    // The secret cannot be compared (the API never returns it): it is sent when the connection is created.
    ...scalarChanges('oidc.', oidc, current.oidc ?? {}, Object.keys(oidc)),
  ]
}

/** Group mappings whose group the directory does not have yet are left out (and noted): they cannot be sent. */
export function mappableGroupRoles(
  desired: DirectorySpec,
  current: RemoteDirectory | undefined,
): {mappable?: Record<string, string>; pending: string[]} {
  if (!desired.groupRoles) return {pending: []}
  const pending = Object.keys(desired.groupRoles).filter((g) => !current?.groups.has(g))
  const mappable = Object.fromEntries(Object.entries(desired.groupRoles).filter(([g]) => !pending.includes(g)))
  return {mappable, pending}
}

function planOrganizationParts(
  plan: PlanBuilder,
  externalId: string,
  spec: OrganizationSpec,
  remote: RemoteOrganization | undefined,
): void {
  const organization = externalId
  const current = remote?.spec
  planRoles(plan, 'organization role', spec.roles, current?.roles ?? {}, {organization})
  for (const [field, type] of [
    ['domains', 'organization'],
    ['allowedEmailDomains', 'allowed-email'],
  ] as const) {
    const wanted = spec[field]
    if (wanted === undefined) continue
    const have = new Set(current?.[field] ?? [])
    for (const domain of wanted) {
      if (!have.has(domain))
        plan.add({action: 'create', fields: [{field: 'type', to: type}], key: domain, organization, resource: 'domain'})
    }
    for (const domain of have) {
      if (!wanted.includes(domain)) {
        plan.add({action: 'delete', id: remote?.domainIds.get(domain), key: domain, organization, resource: 'domain'})
      }
    }
  }
  if (spec.connections) {
    const remoteConnections: RemoteConnection[] = remote?.connections ?? []
    const matched = matchItems(
      spec.connections,
      remoteConnections,
      (a, b) => a.type === b.type && a.provider === b.provider,
    )
    spec.connections.forEach((c, i) => {
      const now = matched[i]
      const key = connectionKey(c, i)
      if (!now)
        plan.add({action: 'create', fields: createFields(redactSecret(c)), key, organization, resource: 'connection'})
      else
        plan.add({
          action: 'update',
          fields: connectionChanges(c, now.spec),
          id: now.id,
          key,
          organization,
          resource: 'connection',
        })
    })
    for (const r of remoteConnections.filter((r) => !matched.includes(r))) {
      plan.add({
        action: 'delete',
        id: r.id,
        key: `${r.spec.type} ${r.spec.provider}`,
        organization,
        resource: 'connection',
      })
    }
  }
  if (spec.directories) {
    const remoteDirectories = remote?.directories ?? []
    const matched = matchItems(spec.directories, remoteDirectories, (a, b) => a.provider === b.provider)
    spec.directories.forEach((d, i) => {
      const now = matched[i]
      const key = directoryKey(d, i)
      const {mappable, pending} = mappableGroupRoles(d, now)
      for (const group of pending) {
        plan.notes.push(
          `organization ${externalId} directory ${key}: group "${group}" is not provisioned yet; its role mapping is applied once the identity provider sends it`,
        )
      }
      const desired = {...d, groupRoles: mappable}
      if (!now) {
        plan.add({
          action: 'create',
          fields: createFields({enabled: d.enabled, provider: d.provider}),
          key,
          organization,
          resource: 'directory',
        })
      } else {
        const fields = [
          ...scalarChanges('', desired, now.spec, ['enabled']),
          ...mapChanges('groupRoles', mappable, now.spec.groupRoles),
        ]
        plan.add({action: 'update', fields, id: now.id, key, organization, resource: 'directory'})
      }
    })
    for (const r of remoteDirectories.filter((r) => !matched.includes(r))) {
      plan.add({action: 'delete', id: r.id, key: r.spec.provider, organization, resource: 'directory'})
    }
  }
}

const redactSecret = (c: ConnectionSpec): ConnectionSpec =>
  c.oidc?.clientSecret === undefined ? c : {...c, oidc: {...c.oidc, clientSecret: '(from the environment)'}}

function planUsers(
  plan: PlanBuilder,
  desired: Record<string, UserSpec>,
  current: Map<string, RemoteUser>,
  knownOrganizations: Set<string>,
): void {
  for (const [email, spec] of Object.entries(desired)) {
    for (const org of Object.keys(spec.memberships)) {
      if (!knownOrganizations.has(org)) {
        throw invalidInput(
          `users[${email}].memberships: no organization with external id ${org} in the file or the environment`,
          'add the organization to the file, or fix the external id',
        )
      }
    }
    const now = current.get(email.toLowerCase())
    if (!now) {
      plan.add({action: 'create', fields: createFields(spec), key: email, resource: 'user'})
      continue
    }
    const fields = [
      ...scalarChanges('', spec, now.spec, ['externalId', 'firstName', 'lastName']),
      ...mapChanges('metadata', spec.metadata, now.spec.metadata),
    ]
    plan.add({action: 'update', fields, id: now.id, key: email, resource: 'user'})
    for (const [org, roles] of Object.entries(spec.memberships)) {
      const have = now.spec.memberships[org]
      if (!have)
        plan.add({
          action: 'create',
          fields: [{field: 'roles', to: roles}],
          key: email,
          organization: org,
          resource: 'membership',
        })
      else
        plan.add({
          action: 'update',
          fields: setChange('roles', roles, have),
          id: now.id,
          key: email,
          organization: org,
          resource: 'membership',
        })
    }
    for (const org of Object.keys(now.spec.memberships)) {
      if (!(org in spec.memberships))
        plan.add({action: 'delete', id: now.id, key: email, organization: org, resource: 'membership'})
    }
  }
  for (const [email, user] of current) {
    if (!(email in desired) && !Object.keys(desired).some((e) => e.toLowerCase() === email)) {
      plan.add({action: 'delete', id: user.id, key: user.email, resource: 'user'})
    }
  }
}

/**
 * What it takes to make `remote` match `desired`. `users` is the environment's users when the file has a `users`
 * section (it is read only then).
 */
export function makePlan(
  desired: EnvSpec,
  remote: RemoteEnv,
  options: PlanOptions & {users?: Map<string, RemoteUser>},
): Plan {
  const plan = new PlanBuilder(options.prune)
  if (desired.permissions) {
    for (const [name, spec] of Object.entries(desired.permissions)) {
      const now = remote.permissions[name]
      if (!now) plan.add({action: 'create', fields: createFields(spec), key: name, resource: 'permission'})
      else
        plan.add({
          action: 'update',
          fields: scalarChanges('', spec, now, ['description']),
          key: name,
          resource: 'permission',
        })
    }
    for (const name of Object.keys(remote.permissions)) {
      if (!(name in desired.permissions)) plan.add({action: 'delete', key: name, resource: 'permission'})
    }
  }
  planRoles(plan, 'role', desired.roles, remote.roles, {builtin: remote.builtinRoles})
  const organizations = desired.organizations ?? {}
  pinnedOrganizations(organizations, remote)
  for (const [externalId, spec] of Object.entries(organizations)) {
    const now = remote.organizations.get(externalId)
    if (!now) {
      plan.add({action: 'create', fields: organizationFields(spec), key: externalId, resource: 'organization'})
    } else {
      const fields = [
        ...scalarChanges('', spec, now.spec, ['name']),
        ...mapChanges('metadata', spec.metadata, now.spec.metadata),
        ...mapChanges('features', spec.features, now.spec.features, false),
      ]
      plan.add({action: 'update', fields, id: now.id, key: externalId, resource: 'organization'})
    }
    planOrganizationParts(plan, externalId, spec, now)
  }
  if (desired.organizations) {
    for (const [externalId, now] of remote.organizations) {
      if (!(externalId in organizations))
        plan.add({action: 'delete', id: now.id, key: externalId, resource: 'organization'})
    }
  }
  if (desired.users && options.users) {
    const known = new Set([...Object.keys(organizations), ...remote.organizations.keys()])
    planUsers(plan, desired.users, options.users, known)
  }
  return plan.build()
}

/**
 * A pinned organization id that the environment holds under another external id is a conflict the plan cannot
 * resolve (apply would create a second organization): refuse it.
 */
function pinnedOrganizations(organizations: Record<string, OrganizationSpec>, remote: RemoteEnv): void {
  for (const [externalId, spec] of Object.entries(organizations)) {
    const holder = spec.id ? remote.externalIds.get(spec.id) : undefined
    if (holder !== undefined && holder !== externalId) {
      throw new CliError(
        'invalid_input',
        `organizations[${externalId}].id: ${spec.id} is organization ${holder} in this environment`,
        {hint: 'remove the pinned id, or use the external id the environment has'},
      )
    }
  }
}
