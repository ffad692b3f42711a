export const STAGES = [
  'discovery',
  'authorization request',
  'IdP',
  'callback/state',
  'code exchange',
  'ID token',
  'access token',
  'assertions',
] as const

export type StageName = (typeof STAGES)[number]

export interface StageResult {
  detail: string
  ms: number
  name: StageName
  ok: boolean
  /** For a failure: the rule that failed (`state`, `nonce`, `exp`, an IdP error code…). */
  reason?: string
}

export class StageFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message)
  }
}

/** Records stages in order with their timing; the first failure ends the scenario. */
export class StageLog {
  readonly results: StageResult[] = []

  get ok(): boolean {
    return this.results.every((r) => r.ok)
  }

  async run<T>(name: StageName, work: () => Promise<{detail: string; value: T}>): Promise<T> {
    const started = performance.now()
    try {
      const {detail, value} = await work()
      this.results.push({detail, ms: performance.now() - started, name, ok: true})
      return value
    } catch (error) {
      const reason = error instanceof StageFailure ? error.reason : ((error as {rule?: string}).rule ?? 'error')
      this.results.push({detail: (error as Error).message, ms: performance.now() - started, name, ok: false, reason})
      throw error
    }
  }
}
