import type {ChalkInstance} from 'chalk'

import type {JunitSuite} from '../checks/junit.js'
import {styled} from '../output/escape.js'
import type {Column} from '../output/table.js'
import {type OrganizationStatus, SIGNS, type StatusStep, type StepStatus} from './status-steps.js'

const paint = (chalk: ChalkInstance, status: StepStatus, text: string) =>
  status === 'done'
    ? chalk.green(text)
    : status === 'missing'
      ? chalk.red(text)
      : status === 'pending'
        ? chalk.yellow(text)
        : chalk.dim(text)

/** Unfinished steps the organization still needs: required ones first, in checklist order. */
const open = (org: OrganizationStatus) => org.steps.filter((s) => s.required && s.status !== 'done')

/** One organization's checklist: a row per step. Details hold remote names: the table escapes them. */
export function stepColumns(chalk: ChalkInstance): Column<StatusStep>[] {
  return [
    {header: '', value: (s) => styled(paint(chalk, s.status, SIGNS[s.status]))},
    {header: 'STEP', value: (s) => `${s.title}${s.required || s.status === 'skipped' ? '' : ' (optional)'}`},
    {header: 'DETAIL', value: (s) => s.detail},
    {header: 'NEXT', value: (s) => s.next ?? ''},
  ]
}

/** --all: a row per organization with how far it got and the next thing to do. */
export function organizationColumns(chalk: ChalkInstance): Column<OrganizationStatus>[] {
  return [
    {
      header: '',
      value: (o) =>
        styled(o.ok ? chalk.green(SIGNS.done) : paint(chalk, open(o)[0]?.status ?? 'missing', SIGNS.missing)),
    },
    {header: 'ORGANIZATION', value: (o) => o.id},
    {header: 'NAME', value: (o) => o.name},
    {
      header: 'DONE',
      value: (o) =>
        `${o.steps.filter((s) => s.required && s.status === 'done').length}/${o.steps.filter((s) => s.required).length}`,
    },
    {header: 'NEXT STEP', value: (o) => open(o)[0]?.title ?? ''},
    {header: 'NEXT', value: (o) => open(o)[0]?.next ?? ''},
  ]
}

/** One line for a watch: how far the organization got and what it waits for. */
export function progressLine(org: OrganizationStatus): string {
  const required = org.steps.filter((s) => s.required)
  const done = required.filter((s) => s.status === 'done').length
  const first = open(org)[0]
  return first
    ? `${done}/${required.length} steps done; next: ${first.title} (${first.detail})`
    : 'every required step done'
}

/** One JUnit test case per organization and step; a required step that is not done is a failure. */
export function statusJunit(orgs: OrganizationStatus[]): JunitSuite[] {
  return [
    {
      cases: orgs.flatMap((org) =>
        org.steps.map((step) => ({
          classname: `onboard.${org.id}`,
          failure:
            step.required && step.status !== 'done'
              ? {detail: step.next ? `Next: ${step.next}` : undefined, message: `[${step.id}] ${step.detail}`}
              : undefined,
          name: `${org.name} (${org.id}): ${step.title}`,
        })),
      ),
      name: 'skctl onboard status',
    },
  ]
}
