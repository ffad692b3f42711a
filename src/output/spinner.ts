export interface Spinner {
  /** False when no spinner is shown (no terminal, JSON mode, CI): callers print lines instead. */
  readonly active: boolean
  fail(text?: string): void
  stop(): void
  succeed(text?: string): void
  update(text: string): void
}

const silent: Spinner = {active: false, fail() {}, stop() {}, succeed() {}, update() {}}

/** Spinners go to stderr, only on a terminal, never in JSON mode or CI. ora is loaded only when one is shown. */
export async function startSpinner(text: string, enabled: boolean): Promise<Spinner> {
  if (!enabled) return silent
  const {default: ora} = await import('ora')
  const spinner = ora({discardStdin: false, stream: process.stderr, text}).start()
  return {
    active: true,
    fail: (t) => spinner.fail(t),
    stop: () => spinner.stop(),
    succeed: (t) => spinner.succeed(t),
    update(t) {
      spinner.text = t
    },
  }
}
