import {type Command, Flags} from '@oclif/core'

import {ApiCommand} from '../base-command.js'
import {CliError} from '../errors.js'
import {duration} from '../import/progress.js'
import {escapeTerminal} from '../output/escape.js'
import {MAX_INTERVAL_MS, parseDuration, type Probe, waitUntil, type WaitOutcome} from './wait.js'

/** Flags both `connections wait` and `directories wait` take. */
export const waitFlags = {
  interval: Flags.string({
    default: '2s',
    description: `First pause between checks (e.g. 2s, 500ms); each pause grows by half, up to ${MAX_INTERVAL_MS / 1000}s.`,
  }),
  timeout: Flags.string({default: '30m', description: 'Give up after this long (e.g. 30m, 90s, 2h): exit 6.'}),
}

/** Waiting on the customer: a spinner on a terminal, a line per change of state otherwise, exit 6 on timeout. */
export abstract class WaitCommand<T extends typeof Command> extends ApiCommand<T> {
  private timing = {intervalMs: 0, timeoutMs: 0}

  /** Durations are checked before any call: a typo is exit 2, not a token minted and a wait begun. */
  override async init(): Promise<void> {
    await super.init()
    const flags = this.flags as unknown as {interval: string; timeout: string}
    this.timing = {
      intervalMs: parseDuration('interval', flags.interval),
      timeoutMs: parseDuration('timeout', flags.timeout),
    }
  }

  /**
   * Waits until `probe` is ready. `what` names the thing awaited ("a usable connection for acme"); `fix` says what
   * to do when it never came.
   */
  protected async waitFor<V>(
    what: string,
    probe: () => Promise<Probe<V>>,
    fix: (last: Probe<V>) => string | undefined,
  ) {
    const {intervalMs, timeoutMs} = this.timing
    const spinner = await this.spinner(`Waiting for ${what}…`)
    const outcome: WaitOutcome<V> = await waitUntil(probe, {
      intervalMs,
      maxIntervalMs: MAX_INTERVAL_MS,
      onState: spinner.active
        ? (state) => spinner.update(`Waiting for ${what}: ${escapeTerminal(state)}`)
        : (state) => this.note(`${new Date().toISOString()} ${escapeTerminal(state)}`),
      timeoutMs,
    })
    if (!outcome.probe.ready) {
      spinner.fail(`Timed out after ${duration(timeoutMs / 1000)} waiting for ${what}.`)
      throw new CliError(
        'check_failed',
        `timed out after ${duration(timeoutMs / 1000)} waiting for ${what}: ${outcome.probe.state}`,
        {hint: fix(outcome.probe)},
      )
    }
    const done = `Ready after ${duration(outcome.elapsedMs / 1000)}: ${escapeTerminal(outcome.probe.state)}`
    if (spinner.active) spinner.succeed(done)
    else this.note(done)
    return outcome
  }
}
