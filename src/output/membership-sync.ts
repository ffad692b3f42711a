import type {ChalkInstance} from 'chalk'

import type {SyncChange, SyncPlan} from '../memberships/sync-plan.js'
import {escapeTerminal} from './escape.js'
import {count} from './plural.js'

/** Role names as the plan shows them; none means the environment's default role. */
const roleList = (roles: string[]) => (roles.length === 0 ? 'default role' : escapeTerminal(roles.join(', ')))

function changeLine(change: SyncChange, chalk: ChalkInstance): string {
  const email = escapeTerminal(change.email)
  switch (change.action) {
    case 'add': {
      return chalk.green(`+ add ${email} (${roleList(change.roles)})`)
    }
    case 'change_roles': {
      return chalk.yellow(`~ change role ${email}: ${roleList(change.from)} → ${roleList(change.to)}`)
    }
    case 'remove': {
      return chalk.red(`- remove ${email} (${roleList(change.roles)})`)
    }
  }
}

/** `1 to add, 2 to change role, 0 to remove`. */
export function syncSummary(plan: SyncPlan): string {
  const {add, changeRoles, remove} = plan.summary
  return `${add} to add, ${changeRoles} to change role, ${remove} to remove`
}

/** The plan as people read it: one line per change (+ add, ~ change role, - remove), then the counts. */
export function renderSyncPlan(plan: SyncPlan, chalk: ChalkInstance, heading: string): string {
  const lines = [heading, '']
  for (const change of plan.changes) lines.push(changeLine(change, chalk))
  const {notListed, remove, unchanged} = plan.summary
  if (plan.changes.length === 0) lines.push('No changes: the members match the file.')
  else lines.push('', `${count(plan.changes.length, 'change')}: ${syncSummary(plan)}.`)
  lines.push(`${count(unchanged, 'member')} already as listed.`)
  if (notListed > remove) {
    lines.push(`${count(notListed, 'member')} not in the file kept (pass --prune to remove them).`)
  }
  return lines.join('\n')
}
