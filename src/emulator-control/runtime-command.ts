import type {Command} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {type EmulatorRuntime, readRuntime} from './runtime.js'

/** A command about the emulator `skctl emulator start` recorded (status, reset), rather than a configured environment. */
export abstract class RuntimeCommand<T extends typeof Command> extends BaseCommand<T> {
  private recorded?: {runtime?: EmulatorRuntime}

  /** The recorded emulator, read once: a --tls one makes skctl trust its local CA before the command runs. */
  protected override async environmentUrl(): Promise<string | undefined> {
    return this.runtime()?.url
  }

  protected runtime(): EmulatorRuntime | undefined {
    this.recorded ??= {runtime: readRuntime(this.config.configDir)}
    return this.recorded.runtime
  }
}
