import ora, {type Ora} from 'ora'

export interface Spinner {
  fail(text?: string): void
  stop(): void
  succeed(text?: string): void
}

const silent: Spinner = {fail() {}, stop() {}, succeed() {}}

/** Spinners go to stderr, only on a TTY, never in JSON mode or CI. */
export function startSpinner(text: string, enabled: boolean): Spinner {
  if (!enabled) return silent
  const spinner: Ora = ora({discardStdin: false, stream: process.stderr, text}).start()
  return {
    fail: (t) => spinner.fail(t),
    stop: () => spinner.stop(),
    succeed: (t) => spinner.succeed(t),
  }
}
