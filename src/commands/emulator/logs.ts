import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {atLeast, emulatorLogFile, followLog, LOG_LEVELS, type LogEntry, readLog} from '../../emulator-control/logs.js'
import {escapeTerminal} from '../../output/escape.js'

export interface EmulatorLogsResult {
  entries: LogEntry[]
  file: string
}

export default class EmulatorLogs extends BaseCommand<typeof EmulatorLogs> {
  static override description = `Prints the log of the emulator started with skctl emulator start --detach (also after it stopped): its start, every request with its status and time, webhook deliveries and errors.
The log is emulator.log in the config directory; past 5 MiB it rotates to emulator.log.1 and emulator.log.2.
With --follow it keeps printing new lines until Ctrl-C (with --json, one JSON object per line).`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --level warn --lines 200',
    '<%= config.bin %> <%= command.id %> -f',
  ]
  static override flags = {
    follow: Flags.boolean({char: 'f', description: 'Keep printing new lines as they are written, until Ctrl-C.'}),
    level: Flags.string({
      default: 'info',
      description: 'Only lines of this level or worse: error, warn (warnings and errors) or info (everything).',
      options: [...LOG_LEVELS],
    }),
    lines: Flags.integer({default: 50, description: 'How many of the last lines to print first.', min: 0}),
  }
  static override summary = "Show the detached emulator's log."

  protected override get jsonLines(): boolean {
    return Boolean(this.flags?.follow)
  }

  async run(): Promise<EmulatorLogsResult | undefined> {
    const file = emulatorLogFile(this.config.configDir)
    const keep = atLeast(this.flags.level as (typeof LOG_LEVELS)[number])
    const {entries, offset} = readLog(file, keep, this.flags.lines)
    if (!this.flags.follow) {
      if (entries.length === 0) this.note('No log lines.')
      for (const entry of entries) this.log(this.format(entry))
      return {entries, file}
    }

    const show = (entry: LogEntry) => {
      if (!keep(entry)) return
      if (this.jsonEnabled()) this.logJson(entry)
      else this.log(this.format(entry))
    }
    for (const entry of entries) show(entry)
    this.note(this.chalk.dim(`Following ${file}; Ctrl-C to stop.`))
    const stop = followLog(file, offset, show)
    this.onCleanup(stop)
    // Runs until Ctrl-C, which the base command turns into exit 130 after closing the watcher.
    await new Promise<never>(() => {})
    return undefined
  }

  private format(entry: LogEntry): string {
    const paint = {error: this.chalk.red, info: (s: string) => s, warn: this.chalk.yellow}[entry.level]
    const [first = '', ...rest] = entry.message.split('\n').map((line) => escapeTerminal(line))
    const head = `${entry.time ?? ''.padEnd(24)} ${paint(entry.level.padEnd(5))} ${first}`
    return [head, ...rest.map((line) => `    ${line}`)].join('\n')
  }
}
