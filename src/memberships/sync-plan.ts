import type {Api} from '../api/client.js'
import {eachUser} from '../api/users.js'
import {RowError} from '../import/engine.js'
import type {OrganizationResolver} from '../import/organizations.js'
import type {MembersFile, RowProblem} from './members-file.js'
import {rowProblems} from './members-file.js'

export type SyncChange =
  | {action: 'add'; email: string; line: number; roles: string[]}
  | {action: 'change_roles'; email: string; from: string[]; line: number; to: string[]; userId: string}
  | {action: 'remove'; email: string; roles: string[]; userId: string}

export interface SyncPlan {
  /** Adds first, then role changes, then removals. */
  changes: SyncChange[]
  organizationId: string
  summary: {
    add: number
    changeRoles: number
    /** Members the file does not list: removed with --prune, otherwise left alone. */
    notListed: number
    remove: number
    unchanged: number
  }
}

/** Unknown roles are a bad file (exit 2), found before the plan: every row that names one, with its line. */
export async function assertKnownRoles(
  resolver: OrganizationResolver,
  organizationId: string,
  members: MembersFile,
): Promise<void> {
  const problems: RowProblem[] = []
  for (const member of members.members.values()) {
    try {
      await resolver.assertRoles(organizationId, member.roles)
    } catch (error) {
      if (!(error instanceof RowError)) throw error
      problems.push({line: member.line, message: error.message})
    }
  }
  if (problems.length > 0) throw rowProblems(members.file, problems)
}

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((role) => b.includes(role))

/**
 * Compares the file with the organization's members, streamed a page at a time: one pass over the members, one
 * lookup in the file each. A listed member with no roles in the file keeps theirs.
 */
export async function planSync(
  api: Api,
  organizationId: string,
  file: MembersFile,
  options: {prune: boolean},
): Promise<SyncPlan> {
  const listed = new Set<string>()
  const changeRoles: SyncChange[] = []
  const remove: SyncChange[] = []
  let notListed = 0
  let unchanged = 0
  for await (const user of eachUser(api, {organizationId})) {
    const key = user.email.toLowerCase()
    const roles = (user.memberships.find((m) => m.organizationId === organizationId)?.roles ?? []).map((r) => r.name)
    const wanted = file.members.get(key)
    if (!wanted) {
      notListed++
      if (options.prune) remove.push({action: 'remove', email: user.email, roles, userId: user.id})
      continue
    }
    listed.add(key)
    if (wanted.roles.length === 0 || sameRoles(roles, wanted.roles)) unchanged++
    else {
      changeRoles.push({
        action: 'change_roles',
        email: user.email,
        from: roles,
        line: wanted.line,
        to: wanted.roles,
        userId: user.id,
      })
    }
  }
  const add: SyncChange[] = []
  for (const [key, member] of file.members) {
    if (!listed.has(key)) add.push({action: 'add', email: member.email, line: member.line, roles: member.roles})
  }
  return {
    changes: [...add, ...changeRoles, ...remove],
    organizationId,
    summary: {add: add.length, changeRoles: changeRoles.length, notListed, remove: remove.length, unchanged},
  }
}
