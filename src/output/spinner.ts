export interface Spinner {
  fail(text?: string): void
  stop(): void
  succeed(text?: string): void
}

const silent: Spinner = {fail() {}, stop() {}, succeed() {}}

/** Spinners go to stderr, only on a terminal, never in JSON mode or CI. ora is loaded only when one is shown. */
export async function startSpinner(text: string, enabled: boolean): Promise<Spinner> {
  if (!enabled) return silent
  const {default: ora} = await import('ora')
  const spinner = ora({discardStdin: false, stream: process.stderr, text}).start()
  return {
    fail: (t) => spinner.fail(t),
    stop: () => spinner.stop(),
    succeed: (t) => spinner.succeed(t),
  }
}
