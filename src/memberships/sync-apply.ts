import type {Api} from '../api/client.js'
import {removeMembership} from '../api/memberships.js'
import {mapConcurrent} from '../concurrency.js'
import {CliError} from '../errors.js'
import {userActions} from '../import/actions.js'
import {importUsers, isAuthFailure, type Outcome} from '../import/engine.js'
import type {OrganizationResolver} from '../import/organizations.js'
import {Abandoned, type Retrier} from '../import/retry.js'
import type {MembersFile} from './members-file.js'
import type {SyncChange, SyncPlan} from './sync-plan.js'

/** What became of one change of the plan. */
export type SyncResult =
  | {action: SyncChange['action']; code: string; email: string; message: string; ok: false}
  | {action: SyncChange['action']; email: string; ok: true; userCreated?: boolean; userId: string}

export interface SyncOptions {
  concurrency: number
  /** Called as each change finishes. */
  onResult?: (result: SyncResult) => void
  resolver: OrganizationResolver
  retrier: Retrier
  signal: AbortSignal
}

const failed = (change: SyncChange, error: unknown): SyncResult => ({
  action: change.action,
  code: error instanceof CliError ? error.code : 'error',
  email: change.email,
  message: error instanceof Error ? error.message : String(error),
  ok: false,
})

/**
 * Applies a plan with at most `concurrency` calls in flight. Adds go through the import engine (the user found by
 * email or created, an uncertain create looked up before it is sent again); role changes and removals retry as the
 * import does. A failed change is reported and the others go on; rejected credentials stop everything.
 */
export async function applySync(api: Api, plan: SyncPlan, file: MembersFile, options: SyncOptions) {
  const results: SyncResult[] = []
  const record = (result: SyncResult) => {
    results.push(result)
    options.onResult?.(result)
  }
  await addMembers(api, plan, file, options, record)
  const {organizationId} = plan
  const actions = userActions(api)
  const rest = plan.changes.filter((change) => change.action !== 'add')
  await mapConcurrent(rest, options.concurrency, async (change) => {
    if (options.signal.aborted) return
    try {
      if (change.action === 'change_roles') {
        await options.retrier.run(() => actions.setRoles(change.userId, {organizationId, roles: change.to}))
      } else if (change.action === 'remove') {
        await options.retrier
          .run(() => removeMembership(api, organizationId, change.userId))
          .catch((error) => {
            // Gone already (another run, or someone else): what the plan wanted.
            if (!(error instanceof CliError && error.code === 'not_found')) throw error
          })
      }
      record({action: change.action, email: change.email, ok: true, userId: change.userId})
    } catch (error) {
      if (isAuthFailure(error)) throw error
      if (!(error instanceof Abandoned)) record(failed(change, error))
    }
  })
  return results
}

async function addMembers(
  api: Api,
  plan: SyncPlan,
  file: MembersFile,
  options: SyncOptions,
  record: (result: SyncResult) => void,
): Promise<void> {
  const adds = plan.changes.filter((change) => change.action === 'add')
  if (adds.length === 0) return
  const items = adds.map((change) => file.members.get(change.email.toLowerCase())!.item)
  const byEmail = new Map(adds.map((change) => [change.email.toLowerCase(), change]))
  async function* source() {
    yield* items
  }
  await importUsers(source(), {
    actions: userActions(api),
    concurrency: options.concurrency,
    defaultOrganization: {id: plan.organizationId},
    dryRun: false,
    invite: false,
    onResult(_row, result) {
      record(addResult(byEmail.get(result.email.toLowerCase())!, result.outcome))
    },
    organizations: options.resolver,
    resumeFrom: {done: new Set(), watermark: 0},
    retrier: options.retrier,
    signal: options.signal,
    updateExisting: false,
  })
}

function addResult(change: SyncChange, outcome: Outcome): SyncResult {
  if (outcome.kind === 'failed' || outcome.kind === 'skipped') {
    return {action: 'add', code: outcome.code, email: change.email, message: outcome.message, ok: false}
  }
  return {
    action: 'add',
    email: change.email,
    ok: true,
    userCreated: outcome.kind === 'created',
    userId: outcome.user.id,
  }
}
