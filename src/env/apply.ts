import type {Api} from '../api/client.js'
import {
  type ConnectionChanges,
  deleteConnection,
  listConnections,
  makeConnection,
  setConnectionEnabled,
  updateConnection,
} from '../api/connections.js'
import type {ConnectionProviderName} from '../api/connection-providers.js'
import {
  assignDirectoryRoles,
  createDirectory,
  deleteDirectory,
  type DirectoryProviderName,
  listDirectories,
  setDirectoryEnabled,
} from '../api/directories.js'
import {addDomain, listDomains, removeDomain} from '../api/domains.js'
import {addMembership, removeMembership, updateMembership} from '../api/memberships.js'
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  updateFeatures,
  updateOrganization,
} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {createPermission, deletePermission, updatePermission} from '../api/permissions.js'
import {createRole, deleteRole, updateRole} from '../api/roles.js'
import {createUser, deleteUser, getUser, updateUser} from '../api/users.js'
import {CliError} from '../errors.js'
import {Retrier} from '../import/retry.js'
import {mapConcurrent} from '../concurrency.js'
import type {ConnectionSpec, DirectorySpec, EnvSpec, RoleSpec} from './model.js'
import {type Change, mappableGroupRoles, PHASES, type Plan} from './plan.js'
import {providerName, type RemoteEnv} from './read.js'

// Apply runs a plan in dependency order — permissions, roles, organizations, their roles, domains, connections,
// directories, users, memberships; then deletes in the reverse order — with bounded concurrency: the changes of one
// organization (or one user) run one after another, different organizations side by side. Every call goes through
// the import's retrier (rate limits pause every worker; a call that may or may not have happened is looked up
// before a create is sent again), so a run cut short anywhere converges when run again: the next plan starts from
// what the environment then holds.

export interface ApplyOptions {
  concurrency: number
  /** Called after each change, done or failed. */
  onChange?: (change: Change, error?: CliError) => void
  signal: AbortSignal
}

export interface ApplyFailure {
  change: Change
  error: {code: string; message: string}
}

export interface ApplyReport {
  applied: number
  failed: ApplyFailure[]
}

const exists = (error: unknown) => error instanceof CliError && error.code === 'already_exists'
const gone = (error: unknown) => error instanceof CliError && error.code === 'not_found'

/** A create whose item already exists (an earlier, interrupted run made it) has done its work. */
async function ensure(create: () => Promise<unknown>, whenExists?: () => Promise<unknown>): Promise<void> {
  try {
    await create()
  } catch (error) {
    if (!exists(error)) throw error
    await whenExists?.()
  }
}

/** A delete of something already gone has done its work. */
async function remove(work: () => Promise<unknown>): Promise<void> {
  try {
    await work()
  } catch (error) {
    if (!gone(error)) throw error
  }
}

const roleFields = (spec: RoleSpec) => ({
  description: spec.description,
  displayName: spec.displayName,
  extends: spec.extends,
  permissions: spec.permissions,
})

/** Metadata made exact through the API's merge: keys the target lacks are sent empty, which removes them. */
function exactMetadata(desired: Record<string, string> | undefined, current: Record<string, string> | undefined) {
  if (desired === undefined) return undefined
  const out = {...desired}
  for (const key of Object.keys(current ?? {})) if (!(key in desired)) out[key] = ''
  return out
}

function connectionChanges(spec: ConnectionSpec): ConnectionChanges {
  return {
    attributeMapping: spec.attributeMapping,
    oidc: spec.oidc,
    saml: spec.saml,
    uiButtonTitle: spec.uiButtonTitle,
  }
}

class Applier {
  readonly failed: ApplyFailure[] = []
  applied = 0
  private readonly orgIds = new Map<string, string>()
  /** Connections and directories that exist, by id: a lookup after an uncertain create finds only a new one. */
  private readonly known = new Set<string>()
  private readonly retrier: Retrier
  private readonly userIds = new Map<string, string>()

  constructor(
    private readonly api: Api,
    private readonly spec: EnvSpec,
    private readonly remote: RemoteEnv,
    private readonly options: ApplyOptions,
  ) {
    this.retrier = new Retrier({signal: options.signal})
    for (const [externalId, org] of remote.organizations) {
      this.orgIds.set(externalId, org.id)
      for (const c of org.connections) this.known.add(c.id)
      for (const d of org.directories) this.known.add(d.id)
    }
  }

  async run(plan: Plan): Promise<ApplyReport> {
    const creates = plan.changes.filter((c) => c.action !== 'delete')
    const deletes = plan.changes.filter((c) => c.action === 'delete')
    for (const phase of PHASES) await this.phase(creates.filter((c) => c.resource === phase))
    for (const phase of [...PHASES].reverse()) await this.phase(deletes.filter((c) => c.resource === phase))
    return {applied: this.applied, failed: this.failed}
  }

  /** One phase: groups (an organization's changes, a user's) side by side, each group's changes in order. */
  private async phase(changes: Change[]): Promise<void> {
    const groups = new Map<string, Change[]>()
    for (const change of changes) {
      const group = change.resource === 'role' ? 'roles' : (change.organization ?? change.key)
      groups.set(group, [...(groups.get(group) ?? []), change])
    }
    await mapConcurrent([...groups.values()], this.options.concurrency, async (group) => {
      for (const change of group) {
        if (this.options.signal.aborted) return
        try {
          await this.apply(change)
          this.applied++
          this.options.onChange?.(change)
        } catch (error) {
          if (this.options.signal.aborted) return
          const failure = error instanceof CliError ? error : new CliError('api_error', String(error), {cause: error})
          this.failed.push({change, error: {code: failure.code, message: failure.message}})
          this.options.onChange?.(change, failure)
        }
      }
    })
  }

  private call<T>(work: () => Promise<T>, recover?: () => Promise<T | undefined>): Promise<T> {
    return this.retrier.run(work, recover)
  }

  private orgId(externalId: string | undefined): string {
    const id = externalId === undefined ? undefined : this.orgIds.get(externalId)
    if (!id) throw new CliError('api_error', `organization ${externalId} does not exist (its create failed)`)
    return id
  }

  private apply(change: Change): Promise<void> {
    switch (change.resource) {
      case 'permission':
        return this.permission(change)
      case 'role':
      case 'organization role':
        return this.role(change)
      case 'organization':
        return this.organization(change)
      case 'domain':
        return this.domain(change)
      case 'connection':
        return this.connection(change)
      case 'directory':
        return this.directory(change)
      case 'user':
        return this.user(change)
      case 'membership':
        return this.membership(change)
    }
  }

  private async permission({action, key}: Change): Promise<void> {
    const description = this.spec.permissions?.[key]?.description ?? ''
    if (action === 'delete') return remove(() => this.call(() => deletePermission(this.api, key)))
    if (action === 'update') return void (await this.call(() => updatePermission(this.api, key, description)))
    await this.call(() => ensure(() => createPermission(this.api, key, description)))
  }

  private async role({action, key, organization}: Change): Promise<void> {
    const organizationId = organization === undefined ? undefined : this.orgId(organization)
    if (action === 'delete') {
      return remove(() => this.call(() => deleteRole(this.api, key, {organizationId})))
    }
    const spec = (organization === undefined ? this.spec.roles : this.spec.organizations?.[organization]?.roles)?.[key]
    if (!spec) return
    const update = () => this.call(() => updateRole(this.api, key, roleFields(spec), organizationId))
    if (action === 'update') return void (await update())
    await this.call(() => ensure(() => createRole(this.api, {...roleFields(spec), name: key}, organizationId), update))
  }

  private async organization({action, id, key}: Change): Promise<void> {
    if (action === 'delete') {
      return remove(() => this.call(() => deleteOrganization(this.api, {id: id as string})))
    }
    const spec = this.spec.organizations?.[key]
    if (!spec) return
    const current = this.remote.organizations.get(key)?.spec
    let orgId = id
    if (action === 'create') {
      const lookup = async () => (await getOrganization(this.api, {externalId: key})).id
      orgId = await this.call(
        async () => {
          try {
            return (await createOrganization(this.api, {externalId: key, metadata: spec.metadata, name: spec.name})).id
          } catch (error) {
            if (exists(error)) return lookup()
            throw error
          }
        },
        () => lookup().catch((error: unknown) => (gone(error) ? undefined : Promise.reject(error))),
      )
      this.orgIds.set(key, orgId)
    } else {
      const metadata = exactMetadata(spec.metadata, current?.metadata)
      await this.call(() => updateOrganization(this.api, {id: orgId as string}, {metadata, name: spec.name}))
    }
    const features = Object.entries(spec.features ?? {}).map(([name, enabled]) => ({enabled, name}))
    const changed = features.filter((f) => current?.features?.[f.name] !== f.enabled)
    if (changed.length > 0) await this.call(() => updateFeatures(this.api, orgId as string, features))
  }

  private async domain({action, fields, id, key, organization}: Change): Promise<void> {
    const orgId = this.orgId(organization)
    if (action === 'delete') {
      const domainId = id ?? (await collect(listDomains(this.api, orgId, {}))).items.find((d) => d.domain === key)?.id
      if (domainId) await remove(() => this.call(() => removeDomain(this.api, orgId, domainId)))
      return
    }
    const type = fields.find((f) => f.field === 'type')?.to === 'allowed-email' ? 'allowed-email' : 'organization'
    await this.call(() => ensure(() => addDomain(this.api, orgId, key, type)))
  }

  /** The file's connection a change is about: the plan's key is `TYPE provider #n`, n counting from 1. */
  private itemIndex(key: string): number {
    return Number(/#(\d+)$/.exec(key)?.[1] ?? 0) - 1
  }

  private async connection({action, fields, id, key, organization}: Change): Promise<void> {
    const orgId = this.orgId(organization)
    if (action === 'delete') return remove(() => this.call(() => deleteConnection(this.api, orgId, id as string)))
    const spec = this.spec.organizations?.[organization as string]?.connections?.[this.itemIndex(key)]
    if (!spec) return
    const changes = connectionChanges(spec)
    if (action === 'update') {
      const settings = fields.some((f) => f.field !== 'enabled')
      // The secret is sent only when the connection is made; an update leaves the stored one alone.
      if (settings) {
        const {clientSecret: _, ...oidc} = spec.oidc ?? {}
        await this.call(() =>
          updateConnection(this.api, orgId, id as string, {...changes, oidc: spec.oidc ? oidc : undefined}),
        )
      }
      if (fields.some((f) => f.field === 'enabled')) {
        await this.call(() => setConnectionEnabled(this.api, orgId, id as string, spec.enabled as boolean))
      }
      return
    }
    const findNew = async () => {
      const {items} = await collect(listConnections(this.api, {organizationId: orgId}))
      return items.find(
        (c) => !this.known.has(c.id) && c.type === spec.type && providerName(c.provider) === spec.provider,
      )
    }
    let recovered = false
    const made = await this.call(
      () =>
        makeConnection(this.api, orgId, {
          changes,
          enable: spec.enabled ?? false,
          provider: spec.provider as ConnectionProviderName,
          type: spec.type,
        }),
      async () => {
        const found = await findNew()
        recovered = Boolean(found)
        return found && {id: found.id}
      },
    )
    this.known.add(made.id)
    if (recovered) {
      // Made by an attempt whose answer was lost: it may not be configured yet.
      await this.call(() => updateConnection(this.api, orgId, made.id, changes))
      if (spec.enabled) await this.call(() => setConnectionEnabled(this.api, orgId, made.id, true))
    }
  }

  private async directory({action, id, key, organization}: Change): Promise<void> {
    const orgId = this.orgId(organization)
    if (action === 'delete') return remove(() => this.call(() => deleteDirectory(this.api, orgId, id as string)))
    const org = this.spec.organizations?.[organization as string]
    const spec: DirectorySpec | undefined = org?.directories?.[this.itemIndex(key)]
    if (!spec) return
    const current = this.remote.organizations.get(organization as string)?.directories ?? []
    let directoryId = id
    let enabled: boolean | undefined = current.find((d) => d.id === id)?.spec.enabled
    if (action === 'create') {
      const made = await this.call(
        () => createDirectory(this.api, orgId, spec.provider as DirectoryProviderName),
        async () => {
          const {items} = await collect(listDirectories(this.api, orgId))
          return items.find((d) => !this.known.has(d.id) && providerName(d.directoryProvider) === spec.provider)
        },
      )
      this.known.add(made.id)
      directoryId = made.id
      enabled = made.enabled
    }
    if (spec.enabled !== undefined && spec.enabled !== enabled) {
      await this.call(() => setDirectoryEnabled(this.api, orgId, directoryId as string, spec.enabled as boolean))
    }
    const remoteDirectory = current.find((d) => d.id === directoryId)
    const {mappable} = mappableGroupRoles(spec, remoteDirectory)
    if (mappable && remoteDirectory) {
      const assignments = Object.entries(mappable).map(([group, roleName]) => ({
        groupId: remoteDirectory.groups.get(group) as string,
        roleName,
      }))
      await this.call(() => assignDirectoryRoles(this.api, orgId, directoryId as string, assignments))
    }
  }

  private async user({action, id, key}: Change): Promise<void> {
    if (action === 'delete') return remove(() => this.call(() => deleteUser(this.api, {id: id as string})))
    const spec = this.spec.users?.[key]
    if (!spec) return
    if (action === 'update') {
      const current = await this.call(() => getUser(this.api, {id: id as string}))
      await this.call(() =>
        updateUser(
          this.api,
          {id: id as string},
          {
            externalId: spec.externalId,
            firstName: spec.firstName,
            lastName: spec.lastName,
            metadata: exactMetadata(spec.metadata, current.metadata),
          },
        ),
      )
      return
    }
    const [first, ...others] = Object.entries(spec.memberships)
    const [firstOrg, roles] = first as [string, string[]]
    const lookup = async () => (await getUser(this.api, {email: key})).id
    const userId = await this.call(
      async () => {
        try {
          const user = await createUser(this.api, this.orgId(firstOrg), {
            email: key,
            externalId: spec.externalId,
            firstName: spec.firstName,
            invite: false,
            lastName: spec.lastName,
            metadata: spec.metadata,
            roles,
          })
          return user.id
        } catch (error) {
          if (exists(error)) return lookup()
          throw error
        }
      },
      () => lookup().catch((error: unknown) => (gone(error) ? undefined : Promise.reject(error))),
    )
    this.userIds.set(key, userId)
    for (const [org, orgRoles] of others) await this.addMembership(this.orgId(org), userId, orgRoles)
  }

  private async addMembership(organizationId: string, userId: string, roles: string[]): Promise<void> {
    await this.call(() =>
      ensure(
        () => addMembership(this.api, organizationId, userId, {roles}),
        () => updateMembership(this.api, organizationId, userId, {roles}),
      ),
    )
  }

  private async membership({action, id, key, organization}: Change): Promise<void> {
    const orgId = this.orgId(organization)
    const userId = id ?? this.userIds.get(key)
    if (!userId) throw new CliError('api_error', `user ${key} does not exist (its create failed)`)
    if (action === 'delete') return remove(() => this.call(() => removeMembership(this.api, orgId, userId)))
    const roles = this.spec.users?.[key]?.memberships[organization as string] ?? []
    if (action === 'create') return this.addMembership(orgId, userId, roles)
    await this.call(() => updateMembership(this.api, orgId, userId, {roles}))
  }
}

/** Applies a plan made from `spec` against `remote` (see makePlan); failures are collected, not thrown. */
export function applyPlan(
  api: Api,
  spec: EnvSpec,
  remote: RemoteEnv,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyReport> {
  return new Applier(api, spec, remote, options).run(plan)
}
