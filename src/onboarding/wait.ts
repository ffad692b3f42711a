import {CliError} from '../errors.js'

/** What one look at the environment found: ready or not, and in words what is there (or missing). */
export interface Probe<T> {
  /** One line for the user, e.g. "connection conn_1: draft, disabled". Changes are printed as they happen. */
  state: string
  ready: boolean
  value: T
}

export interface WaitOptions {
  /** The first pause between looks; each pause grows by half, up to `maxIntervalMs`. */
  intervalMs: number
  maxIntervalMs: number
  /** Called with each new state (not on repeats), so a spinner or a log line can follow along. */
  onState?: (state: string) => void
  timeoutMs: number
}

export type WaitOutcome<T> = {elapsedMs: number; probe: Probe<T>}

export const MAX_INTERVAL_MS = 30_000

const UNITS: Record<string, number> = {h: 3_600_000, m: 60_000, ms: 1, s: 1000}

/** `30m`, `90s`, `1h`, `500ms` or a plain number of seconds, as milliseconds; anything else is bad input (exit 2). */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(value.trim())
  const ms = match ? Number(match[1]) * (UNITS[(match[2] ?? 's').toLowerCase()] ?? 1000) : Number.NaN
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new CliError('invalid_input', `--${flag} "${value}" is not a duration`, {
      hint: `e.g. --${flag} 30m, 90s, 1h or 500ms`,
    })
  }
  return ms
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Looks with `probe` until it is ready or `timeoutMs` has passed, pausing longer each time (the customer's IT admin
 * works at human speed, so there is no point asking every two seconds for half an hour). One last look happens at
 * the deadline. Errors from `probe` (not found, auth) end the wait at once.
 */
export async function waitUntil<T>(probe: () => Promise<Probe<T>>, options: WaitOptions): Promise<WaitOutcome<T>> {
  const started = Date.now()
  const deadline = started + options.timeoutMs
  let interval = options.intervalMs
  let last: string | undefined
  for (;;) {
    const seen = await probe()
    if (seen.state !== last) options.onState?.(seen.state)
    last = seen.state
    const now = Date.now()
    if (seen.ready || now >= deadline) return {elapsedMs: now - started, probe: seen}
    await pause(Math.min(interval, deadline - now))
    interval = Math.min(Math.max(options.maxIntervalMs, options.intervalMs), interval * 1.5)
  }
}
