import {CliError} from '../errors.js'
import type {FoundUser, ResolvedMembership, UserActions} from './actions.js'
import type {OrgRef, SourceItem, SourceLocation, UserSpec} from './model.js'
import type {OrganizationResolver} from './organizations.js'
import type {Progress} from './progress.js'
import {Abandoned, type Retrier} from './retry.js'
import {SeenKeys} from './seen-keys.js'
import {validateUser, type ValidUser} from './validate.js'

/** What became of one row. */
export type Outcome =
  | {kind: 'created' | 'existing' | 'updated'; membershipsAdded: number; user: FoundUser}
  | {kind: 'failed'; code: string; message: string; status?: number}
  | {kind: 'skipped'; code: string; message: string}

export interface RowResult {
  at: SourceLocation
  email: string
  outcome: Outcome
  raw: Record<string, string>
  /** The row's id in the source system, for the id mapping. */
  externalId?: string
}

export interface UserImportOptions {
  actions: UserActions
  organizations: OrganizationResolver
  concurrency: number
  /** Plan only: look things up, call nothing that changes anything. */
  dryRun: boolean
  invite: boolean
  updateExisting: boolean
  defaultOrganization?: OrgRef
  /** How many rows the source holds, if counted: sizes the duplicate check up front. */
  expectedRows?: number
  /** Rows numbered below this, or in `done`, finished in an earlier run: read (for the duplicate check), skipped. */
  resumeFrom: {done: Set<number>; watermark: number}
  /** Called once per row, in completion order, with the row's number. */
  onResult: (row: number, result: RowResult) => void
  progress?: Progress
  retrier: Retrier
  signal: AbortSignal
}

/** A row-level failure found by the import itself (an unknown organization or role), with its report code. */
export class RowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const isValidUser = (admitted: Outcome | ValidUser): admitted is ValidUser => 'emailKey' in admitted

/**
 * Imports users as they stream in, with at most `concurrency` rows in flight. Validation and the duplicate check
 * happen in reading order before any call; each row then ends in exactly one outcome. Creation is idempotent: a
 * user that already exists is found (by external id, else email) and their memberships completed, and a create
 * whose result is uncertain (timeout, reset, unavailable) is looked up before it is sent again.
 */
export async function importUsers(source: AsyncIterable<SourceItem<UserSpec>>, options: UserImportOptions) {
  const {actions, concurrency, onResult, resumeFrom, signal} = options
  const withRetry = <T>(work: () => Promise<T>, recover?: () => Promise<T | undefined>) =>
    options.retrier.run(work, recover)
  const emails = new SeenKeys(options.expectedRows)
  const externalIds = new SeenKeys(options.expectedRows)
  const slots = new Slots(concurrency)

  /** Check what needs no call, in reading order: a row's duplicates are judged against the rows before it. */
  function admit(item: SourceItem<UserSpec>): Outcome | ValidUser {
    if (!item.ok) {
      const {code, message, skip} = item.error
      return skip ? {kind: 'skipped', code, message} : {kind: 'failed', code, message}
    }
    const checked = validateUser(item.value, options.defaultOrganization)
    if ('error' in checked) return {kind: 'failed', ...checked.error}
    const {user} = checked
    // Judged before either key is claimed, so a rejected row does not make a later one look like a duplicate.
    if (emails.has(user.emailKey)) {
      return {kind: 'failed', code: 'duplicate_email', message: `${user.email} appears on an earlier row of the file`}
    }
    if (user.externalId !== undefined && externalIds.has(user.externalId)) {
      return {
        kind: 'failed',
        code: 'duplicate_external_id',
        message: `external_id ${user.externalId} appears on an earlier row`,
      }
    }
    emails.add(user.emailKey)
    if (user.externalId !== undefined) externalIds.add(user.externalId)
    return user
  }

  async function resolveMemberships(user: ValidUser): Promise<ResolvedMembership[]> {
    const resolved: ResolvedMembership[] = []
    for (const {organization, roles} of user.memberships) {
      const organizationId = await options.organizations.resolve(organization)
      await options.organizations.assertRoles(organizationId, roles)
      resolved.push({organizationId, roles})
    }
    return resolved
  }

  async function importOne(user: ValidUser): Promise<Outcome> {
    const memberships = await resolveMemberships(user)
    if (options.dryRun) return plan(user, memberships)
    const first = memberships[0]!
    let created: FoundUser | undefined
    try {
      // After an uncertain failure, the lookup decides: the same person there means the create went through.
      created = await withRetry(
        () => actions.create(user, first, options.invite),
        async () => {
          const found = await actions.find(user)
          if (found) assertSamePerson(user, found)
          return found
        },
      )
    } catch (error) {
      if (!(error instanceof CliError && error.code === 'already_exists')) throw error
    }
    if (created) {
      return {kind: 'created', membershipsAdded: 1 + (await complete(created, memberships)), user: created}
    }
    const existing = await withRetry(() => actions.find(user))
    if (!existing) {
      throw new CliError(
        'already_exists',
        'the API reports the user exists, but no user with this email or external id was found',
      )
    }
    assertSamePerson(user, existing)
    const membershipsAdded = await complete(existing, memberships)
    if (!options.updateExisting) return {kind: 'existing', membershipsAdded, user: existing}
    await withRetry(() => actions.update(existing.id, user))
    return {kind: 'updated', membershipsAdded, user: existing}
  }

  /** Adds the memberships the user lacks (and with --update-existing aligns roles); returns how many were added. */
  async function complete(user: FoundUser, memberships: ResolvedMembership[]): Promise<number> {
    let added = 0
    for (const membership of memberships) {
      const roles = user.memberships.get(membership.organizationId)
      if (roles === undefined) {
        await withRetry(() => actions.addMembership(user.id, membership, options.invite)).catch((error: unknown) => {
          if (!(error instanceof CliError && error.code === 'already_exists')) throw error
        })
        added++
      } else if (options.updateExisting && membership.roles.length > 0 && !sameRoles(roles, membership.roles)) {
        await withRetry(() => actions.setRoles(user.id, membership))
      }
    }
    return added
  }

  async function plan(user: ValidUser, memberships: ResolvedMembership[]): Promise<Outcome> {
    const existing = await withRetry(() => actions.find(user))
    const wouldAdd = (u?: FoundUser) => memberships.filter((m) => !u?.memberships.has(m.organizationId)).length
    if (!existing) {
      const placeholder: FoundUser = {email: user.email, externalId: user.externalId, id: '', memberships: new Map()}
      return {kind: 'created', membershipsAdded: wouldAdd(), user: placeholder}
    }
    assertSamePerson(user, existing)
    return {kind: options.updateExisting ? 'updated' : 'existing', membershipsAdded: wouldAdd(existing), user: existing}
  }

  function assertSamePerson(user: ValidUser, existing: FoundUser): void {
    if (existing.email.toLowerCase() !== user.emailKey) {
      throw new CliError(
        'already_exists',
        `external_id ${user.externalId} belongs to ${existing.email} (${existing.id}), not ${user.email}`,
      )
    }
    if (user.externalId && existing.externalId !== user.externalId && !options.updateExisting) {
      throw new CliError(
        'already_exists',
        `${user.email} exists (${existing.id}) with ${existing.externalId ? `external_id ${existing.externalId}` : 'no external_id'}; pass --update-existing to set it to ${user.externalId}`,
      )
    }
  }

  const finish = (row: number, item: SourceItem<UserSpec>, outcome: Outcome, user?: ValidUser) => {
    onResult(row, {
      at: item.at,
      email: user?.email ?? (item.ok ? item.value.email.trim() : (item.raw.email ?? '').trim()),
      externalId: user?.externalId,
      outcome,
      raw: item.raw,
    })
    options.progress?.tick(outcome.kind)
  }

  // A failure to record a result (a report that cannot be written) or rejected credentials stop the import: the row
  // is left unrecorded, so the checkpoint stays valid and a resume does it again.
  let fatal: {error: unknown} | undefined
  const record = (row: number, item: SourceItem<UserSpec>, outcome: Outcome, user?: ValidUser) => {
    try {
      finish(row, item, outcome, user)
    } catch (error) {
      fatal ??= {error}
    }
  }

  let row = 0
  for await (const item of source) {
    row++
    if (signal.aborted || fatal) break
    const admitted = admit(item)
    if (row < resumeFrom.watermark || resumeFrom.done.has(row)) continue
    if (!isValidUser(admitted)) {
      record(row, item, admitted)
      continue
    }
    await slots.take()
    if (signal.aborted || fatal) {
      slots.release()
      break
    }
    const number = row
    void importOne(admitted)
      .then(
        (outcome) => record(number, item, outcome, admitted),
        (error: unknown) => {
          if (isAuthFailure(error)) fatal ??= {error}
          else if (!(error instanceof Abandoned)) record(number, item, failure(error), admitted)
        },
      )
      .finally(() => slots.release())
  }
  await slots.drain()
  if (fatal) throw fatal.error
}

/** At most `size` rows in flight: `take` waits for a free slot, `drain` for all of them. */
class Slots {
  private busy = 0
  private waiting: Array<() => void> = []

  constructor(private readonly size: number) {}

  async take(): Promise<void> {
    while (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.busy++
  }

  release(): void {
    this.busy--
    this.waiting.shift()?.()
  }

  async drain(): Promise<void> {
    while (this.busy > 0) await new Promise<void>((resolve) => this.waiting.push(resolve))
  }
}

/** Rejected credentials fail every row alike: the import stops at the first instead of reporting each. */
export const isAuthFailure = (error: unknown): error is CliError =>
  error instanceof CliError && error.code === 'auth_failed'

function failure(error: unknown): Outcome {
  if (error instanceof RowError) return {kind: 'failed', code: error.code, message: error.message}
  if (error instanceof CliError) {
    const status = (error.cause as {grpcStatus?: number} | undefined)?.grpcStatus
    return {
      kind: 'failed',
      code: error.code === 'invalid_input' ? 'rejected' : error.code,
      message: error.message,
      status,
    }
  }
  return {kind: 'failed', code: 'error', message: error instanceof Error ? error.message : String(error)}
}

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((role) => b.includes(role))
