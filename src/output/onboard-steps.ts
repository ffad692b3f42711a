import type {ChalkInstance} from 'chalk'

import type {StepResult, StepStatus} from '../onboarding/onboard-steps.js'
import {escapeTerminal} from './escape.js'

const LABELS: Record<StepStatus, string> = {
  created: 'created',
  exists: 'already there',
  failed: 'failed',
  skipped: 'skipped',
  updated: 'updated',
}

/** One step as it finishes: `✓ domains       created  added acme.com`. The detail holds API data: escaped. */
export function stepLine(result: StepResult, chalk: ChalkInstance): string {
  const mark =
    result.status === 'failed' ? chalk.red('✗') : result.status === 'skipped' ? chalk.dim('–') : chalk.green('✓')
  const label = LABELS[result.status].padEnd(14)
  return `${mark} ${result.step.padEnd(12)} ${label} ${escapeTerminal(result.detail)}`
}
