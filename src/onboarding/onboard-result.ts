import {CliError} from '../errors.js'
import type {IdpSetup} from '../connections/idp-setup.js'
import type {OnboardOutcome, StepResult} from './onboard-steps.js'

/** What `skctl onboard --json` prints: on failure the same, after the error, without the handoff. */
export interface OnboardResult {
  connection: {enabled: boolean; id: string; idpSetup: IdpSetup; provider: string; status: string; type: string} | null
  directory: {enabled: boolean; endpoint: string; id: string; provider: string} | null
  externalId: string
  /** The Markdown handoff, and the file it was written to (null: printed only). Absent when a step failed. */
  handoff?: {markdown: string; path: string | null}
  organizationId: string | null
  steps: StepResult[]
}

export function onboardResult(outcome: OnboardOutcome, externalId: string): OnboardResult {
  const {connection: c, directory: d} = outcome
  return {
    connection: c
      ? {enabled: c.enabled, id: c.id, idpSetup: c.idpSetup, provider: c.provider, status: c.status, type: c.type}
      : null,
    directory: d ? {enabled: d.enabled, endpoint: d.directoryEndpoint, id: d.id, provider: d.directoryProvider} : null,
    externalId,
    organizationId: outcome.organization?.id ?? null,
    steps: outcome.steps,
  }
}

/**
 * A step failed: the error of that step, with its exit code, naming the step and saying that a re-run continues.
 * It carries the result so far, which `--json` prints beside the error.
 */
export class OnboardStepFailed extends CliError {
  constructor(
    readonly step: string,
    failure: CliError,
    readonly result: OnboardResult,
  ) {
    const rerun = 'run the same command again: it finds what the steps before made and continues from there'
    super(failure.code, `the ${step} step failed: ${failure.message}`, {
      cause: failure,
      hint: failure.hint ? `${failure.hint}; then ${rerun}` : `fix the cause, then ${rerun}`,
    })
  }
}
