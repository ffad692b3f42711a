import type {ChalkInstance} from 'chalk'

import type {Change, FieldChange, Plan} from '../env/plan.js'
import {escapeTerminal} from './escape.js'
import {count} from './plural.js'

const SIGN = {create: '+', delete: '-', update: '~'} as const

/** A value as the plan shows it: JSON (strings quoted, so spaces and emptiness show), escaped for the terminal. */
const shown = (value: unknown) => (value === undefined ? '(none)' : escapeTerminal(JSON.stringify(value)))

function title(change: Change): string {
  const where = change.organization === undefined ? '' : ` in ${change.organization}`
  const id = change.id ? ` (${change.id})` : ''
  return escapeTerminal(`${change.resource} ${change.key}${where}${id}`)
}

function fieldLine(change: Change, field: FieldChange): string {
  if (change.action === 'create') return `    ${escapeTerminal(field.field)}: ${shown(field.to)}`
  return `    ${escapeTerminal(field.field)}: ${shown(field.from)} → ${shown(field.to)}`
}

/** `3 to create, 1 to update, 0 to delete`. */
export function planSummary(plan: Plan): string {
  const {create, delete: remove, update} = plan.summary
  return `${create} to create, ${update} to update, ${remove} to delete`
}

/** The plan as people read it: one line per change (+ create, ~ update, - delete), its fields indented below. */
export function renderPlan(plan: Plan, chalk: ChalkInstance, heading: string): string {
  const colour = {create: chalk.green, delete: chalk.red, update: chalk.yellow}
  const lines = [heading, '']
  for (const change of plan.changes) {
    lines.push(colour[change.action](`${SIGN[change.action]} ${change.action} ${title(change)}`))
    for (const field of change.fields) lines.push(fieldLine(change, field))
  }
  if (plan.changes.length === 0) lines.push('No changes: the environment matches.')
  else lines.push('', `${count(plan.changes.length, 'change')}: ${planSummary(plan)}.`)
  return lines.join('\n')
}
