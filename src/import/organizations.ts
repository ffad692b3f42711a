import {addDomain} from '../api/domains.js'
import type {Api} from '../api/client.js'
import {CliError} from '../errors.js'
import type {OrganizationActions} from './actions.js'
import {isAuthFailure, RowError} from './engine.js'
import type {OrgRef, OrganizationSpec, SourceItem} from './model.js'
import type {Retrier} from './retry.js'

/** What a dry run uses as the id of an organization it would create. */
const PLANNED = 'planned:'

/**
 * Turns organization references into ids, each looked up once however many rows name it, and checks role names
 * against the environment's and the organization's roles (fetched once per organization).
 */
export class OrganizationResolver {
  private readonly ids = new Map<string, Promise<string>>()
  private readonly roles = new Map<string, Promise<Set<string> | undefined>>()

  constructor(
    private readonly actions: OrganizationActions,
    private readonly retrier: Retrier,
  ) {}

  /** An organization the migration created or found (or, in a dry run, would create: `id` undefined). */
  register(externalId: string, id: string | undefined): void {
    this.ids.set(`external:${externalId}`, Promise.resolve(id ?? `${PLANNED}${externalId}`))
  }

  resolve(ref: OrgRef): Promise<string> {
    const key = 'id' in ref ? `id:${ref.id}` : `external:${ref.externalId}`
    let id = this.ids.get(key)
    if (!id) {
      id = this.lookUp(ref)
      this.ids.set(key, id)
    }
    return id
  }

  /** Throws not found (exit 4) when the organization does not exist; `source` names where it was given. */
  async assertExists(ref: OrgRef, source: string): Promise<void> {
    try {
      await this.resolve(ref)
    } catch (error) {
      if (!(error instanceof RowError)) throw error
      throw new CliError('not_found', `${source}: ${error.message}`, {hint: 'skctl orgs list'})
    }
  }

  async assertRoles(organizationId: string, names: string[]): Promise<void> {
    if (names.length === 0) return
    let known = this.roles.get(organizationId)
    if (!known) {
      known = this.roleNames(organizationId)
      this.roles.set(organizationId, known)
    }
    const available = await known
    const missing = available && names.find((name) => !available.has(name))
    if (missing) {
      throw new RowError('unknown_role', `role "${missing}" exists neither in the environment nor in the organization`)
    }
  }

  private async lookUp(ref: OrgRef): Promise<string> {
    const organization = await this.retrier.run(() => this.actions.find(ref))
    if (organization) return organization.id
    const name = 'id' in ref ? ref.id : `with external id ${ref.externalId}`
    throw new RowError('unknown_organization', `organization ${name} does not exist`)
  }

  /** Undefined when roles cannot be listed with these credentials: the API then judges the names itself. */
  private async roleNames(organizationId: string): Promise<Set<string> | undefined> {
    try {
      const environment = await this.retrier.run(() => this.actions.roleNames())
      const own = organizationId.startsWith(PLANNED)
        ? []
        : await this.retrier.run(() => this.actions.roleNames(organizationId))
      return new Set([...environment, ...own])
    } catch (error) {
      if (error instanceof CliError && (error.code === 'auth_failed' || error.code === 'api_error')) return undefined
      throw error
    }
  }
}

export type OrganizationOutcome =
  {kind: 'created' | 'existing' | 'updated'; id: string} | {kind: 'failed'; code: string; message: string}

/**
 * Creates (or finds) every organization of a migration before any user, keyed by the source's id kept as the
 * external id, and adds their domains. Each result is registered with the resolver for the users that follow.
 */
export async function importOrganizations(
  items: SourceItem<OrganizationSpec>[],
  options: {
    actions: OrganizationActions
    api: Api
    dryRun: boolean
    resolver: OrganizationResolver
    retrier: Retrier
    /** Already done by an earlier run of this job (resume). */
    done: Record<string, string>
    onResult: (item: SourceItem<OrganizationSpec>, outcome: OrganizationOutcome) => void
  },
): Promise<void> {
  const {actions, dryRun, resolver, retrier} = options
  for (const item of items) {
    if (!item.ok) {
      options.onResult(item, {kind: 'failed', code: item.error.code, message: item.error.message})
      continue
    }
    const {externalId} = item.value
    const doneId = options.done[externalId]
    if (doneId) {
      resolver.register(externalId, doneId)
      continue
    }
    try {
      const outcome = await importOrganization(item.value)
      resolver.register(externalId, dryRun && outcome.kind === 'created' ? undefined : outcome.id)
      options.onResult(item, outcome)
    } catch (error) {
      if (isAuthFailure(error)) throw error
      const message = error instanceof Error ? error.message : String(error)
      options.onResult(item, {kind: 'failed', code: error instanceof CliError ? error.code : 'error', message})
    }
  }

  async function importOrganization(
    organization: OrganizationSpec,
  ): Promise<{id: string; kind: 'created' | 'existing'}> {
    const {externalId} = organization
    const existing = await retrier.run(() => actions.find({externalId}))
    if (existing) return {kind: 'existing', id: existing.id}
    if (dryRun) return {kind: 'created', id: ''}
    const created = await retrier.run(
      () => actions.create({externalId, metadata: organization.metadata, name: organization.displayName}),
      () => actions.find({externalId}),
    )
    for (const domain of organization.domains) {
      await retrier
        .run(() => addDomain(options.api, created.id, domain, 'organization'))
        .catch((error: unknown) => {
          if (!(error instanceof CliError && error.code === 'already_exists')) throw error
        })
    }
    return {kind: 'created', id: created.id}
  }
}
