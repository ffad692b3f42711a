import {Command, Flags, type Interfaces} from '@oclif/core'
import type {ChalkInstance} from 'chalk'

import {Api} from './api/client.js'
import type {Pages} from './api/paginate.js'
import {
  type ResolvedCredentials,
  type ResolveInput,
  requireCredentials,
  resolveCredentials,
  resolveEnvironmentUrl,
} from './config/credentials.js'
import {ProfileStore} from './config/profiles.js'
import {CliError, ExitCode, usageError} from './errors.js'
import {localCaToTrust, rerunTrusting} from './emulator-control/trust-local-ca.js'
import {colorEnabled, makeChalk} from './output/color.js'
import {errorJson, errorText} from './output/error.js'
import {escapeTerminal, type Shown} from './output/escape.js'
import {ListRenderer, type ListSpec, type ListSummary} from './output/list.js'
import {type Spinner, startSpinner} from './output/spinner.js'
import {StreamWriter} from './output/stdout.js'
import {type Column, renderRecord, renderTable, terminalWidth} from './output/table.js'
import {registerSecret} from './redact.js'
import {registerSecretArgs} from './secret-args.js'
import {type CommandUsage, extraArgumentsError} from './usage/errors.js'
import {closestFlag, flagInfos} from './usage/suggest.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** Global flags, output helpers and the error → exit-code contract shared by every command. */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    'no-color': Flags.boolean({description: 'Turn colour off (also NO_COLOR or TERM=dumb).', helpGroup: 'GLOBAL'}),
    profile: Flags.string({
      description: 'Use this saved profile instead of the active one (also SKCTL_PROFILE).',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({description: 'Show stack traces on errors (secrets stay masked).', helpGroup: 'GLOBAL'}),
    yes: Flags.boolean({char: 'y', description: 'Answer yes to every confirmation.', helpGroup: 'GLOBAL'}),
  }
  static override enableJsonFlag = true

  protected args!: BaseArgs<T>
  /** Every positional argument, for commands that take a variable number (static strict = false). */
  protected positionals: string[] = []
  protected chalk: ChalkInstance = makeChalk(false)
  protected flags!: BaseFlags<T>
  private cleanups: Array<() => Promise<void> | void> = []
  private interrupting = false
  /** The list being written, whose JSON document, once begun, is the command's one document. */
  private listing?: ListRenderer<unknown>
  private profileStore?: Promise<ProfileStore>

  /** Prompts need a person: stdin and stdout are terminals and no CI. */
  protected get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI && !this.jsonEnabled())
  }

  protected profiles(): Promise<ProfileStore> {
    this.profileStore ??= ProfileStore.open(this.config.configDir)
    return this.profileStore
  }

  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    const failure = toCliError(error, {
      args: Object.keys(this.ctor.args ?? {}),
      flags: flagInfos({...this.ctor.baseFlags, ...this.ctor.flags}),
      name: [this.config.bin, ...(this.id?.split(':') ?? [])].join(' '),
    })
    process.exitCode = failure.exit
    if (this.jsonEnabled()) {
      const json = errorJson(failure)
      // Items already written stay; the error closes their document.
      if (this.listing?.jsonStarted) await this.listing.fail(json.error)
      else this.logJson(json)
      return
    }
    const stack = this.flags?.verbose || process.env.DEBUG ? String(stackOf(failure)) : undefined
    process.stderr.write(errorText(failure, this.chalk, stack))
  }

  /** Destructive work asks first; without a terminal it needs --yes (exit 2 otherwise). */
  protected async confirm(question: string): Promise<void> {
    if (this.flags.yes) return
    if (!this.interactive) throw usageError(`${question} — refusing without confirmation`, 'pass --yes to confirm')
    const {confirm} = await import('@inquirer/prompts')
    if (!(await confirm({default: false, message: question}))) {
      throw new CliError('usage', 'cancelled; nothing was changed')
    }
  }

  override async finally(error: Error | undefined): Promise<void> {
    await this.runCleanups()
    await super.finally(error)
  }

  override async init(): Promise<void> {
    await super.init()
    registerSecret(process.env.SCALEKIT_CLIENT_SECRET)
    // bin/run.js did this before oclif started; again here for commands run any other way.
    registerSecretArgs(this.argv)
    const {args, argv, flags} = await this.parse({
      args: withoutStdin(this.ctor.args),
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.positionals = argv as string[]
    this.chalk = makeChalk(
      colorEnabled({env: process.env, isTTY: Boolean(process.stdout.isTTY), noColorFlag: this.flags['no-color']}),
    )
    // Before any network call, and before this process handles Ctrl-C: a re-run child owns the terminal.
    const caFile = await localCaToTrust(
      await this.environmentUrl().catch(() => undefined),
      this.config.dataDir,
      process.env,
    )
    if (caFile) await rerunTrusting(caFile)
    // `on`, not `once`: conf's write-file helper (when-exit) re-raises SIGINT after its own once-listener, which
    // would otherwise kill the process before cleanups run.
    process.on('SIGINT', () => void this.interrupted())
  }

  /**
   * The environment this command will talk to, as far as known before it runs; none for commands that talk to none.
   * Decides only whether skctl must trust its local CA (an emulator started with --tls): keep it free of network calls.
   */
  protected async environmentUrl(): Promise<string | undefined> {
    return undefined
  }

  /** Registers work to undo on every exit path: success, failure and Ctrl-C. */
  protected onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn)
  }

  /**
   * Writes a list as its pages arrive: a table fitted to the terminal, or in JSON mode the one document
   * `{"<key>": [...items], "totalSize": …, "truncated": …}` built item by item, never the whole list in memory.
   * Then "No <noun>." when empty, or a note when --limit cut it short. The document is written here, so the
   * summary the command returns is not printed again.
   */
  protected async list<R>(pages: Pages<R>, spec: ListSpec<R>): Promise<ListSummary> {
    const json = this.jsonEnabled()
    const renderer = new ListRenderer(spec, new StreamWriter(), {chalk: this.chalk, json, maxWidth: terminalWidth()})
    this.listing = renderer as ListRenderer<unknown>
    const summary = await renderer.render(pages)
    if (!summary.finished) return summary
    if (summary.count === 0) this.note(spec.empty ?? `No ${spec.noun}.`)
    if (summary.truncated) {
      const total = summary.totalSize ? ` of ${summary.totalSize}` : ''
      this.note(`Showing ${summary.count}${total} ${spec.noun}. Pass --all for every one, or --limit N.`)
    }
    return summary
  }

  /** A list command's document was written as it streamed; anything else prints its result here. */
  override logJson(json: unknown): void {
    if (this.listing?.jsonStarted) return
    if (this.jsonLines) process.stdout.write(`${JSON.stringify(json)}\n`)
    else super.logJson(json)
  }

  /** True while a command streams: every JSON document (items, and an error) is one line, read by line. */
  protected get jsonLines(): boolean {
    return false
  }

  /** Status and hints: stderr, never in JSON mode. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  protected record(pairs: Array<[string, Shown]>): void {
    this.log(renderRecord(pairs, this.chalk))
  }

  protected async spinner(text: string): Promise<Spinner> {
    // A terminal that reports no width (some pseudo-terminals) makes ora redraw endlessly.
    const enabled =
      Boolean(process.stderr.isTTY && process.stderr.columns > 0) &&
      !this.jsonEnabled() &&
      !process.env.CI &&
      process.env.TERM !== 'dumb'
    const spinner = await startSpinner(text, enabled)
    this.onCleanup(() => spinner.stop())
    return spinner
  }

  /** A table of rows already in hand (reports, check results), fitted to the terminal. */
  protected table<R>(rows: R[], columns: Column<R>[]): void {
    this.log(renderTable(rows, columns, this.chalk))
  }

  protected warning(message: string): void {
    this.note(`${this.chalk.yellow('Warning:')} ${escapeTerminal(message, {multiline: true})}`)
  }

  /** A command that runs another program relays Ctrl-C to it and waits, instead of exiting 130 at once. */
  protected get relaysInterrupts(): boolean {
    return false
  }

  /** Ctrl-C (and, for commands that ask, SIGTERM): cleanups run, then exit 130. */
  protected async interrupted(): Promise<void> {
    if (this.interrupting || this.relaysInterrupts) return
    this.interrupting = true
    await this.runCleanups()
    process.stderr.write('\nInterrupted.\n')
    process.exit(ExitCode.interrupted)
  }

  private async runCleanups(): Promise<void> {
    const pending = this.cleanups.splice(0).reverse()
    for (const fn of pending) await fn()
  }
}

/** The global flags of API commands without --client-id, for commands whose own --client-id means something else. */
export function apiFlagsWithoutClientId(): typeof ApiCommand.baseFlags {
  const {'client-id': _, ...rest} = ApiCommand.baseFlags
  // Typed as the full set so the class still extends ApiCommand; such a command defines its own 'client-id' flag.
  return rest as typeof ApiCommand.baseFlags
}

/** Commands that call the Scalekit API: they resolve credentials and get the one SDK seam. */
export abstract class ApiCommand<T extends typeof Command> extends BaseCommand<T> {
  static override baseFlags = {
    ...BaseCommand.baseFlags,
    'client-id': Flags.string({
      description: 'Client id to use (also SCALEKIT_CLIENT_ID).',
      helpGroup: 'GLOBAL',
    }),
    'environment-url': Flags.string({
      description: 'Scalekit environment URL (also SCALEKIT_ENVIRONMENT_URL or SCALEKIT_ENV_URL).',
      helpGroup: 'GLOBAL',
    }),
  }

  private apiInstance?: Api

  protected async api(): Promise<Api> {
    this.apiInstance ??= new Api(requireCredentials(await this.credentials()))
    return this.apiInstance
  }

  protected override environmentUrl(): Promise<string | undefined> {
    return resolveEnvironmentUrl(this.credentialInput())
  }

  protected credentials(): Promise<ResolvedCredentials> {
    return resolveCredentials(this.credentialInput())
  }

  private credentialInput(): ResolveInput {
    const flags = this.flags as BaseFlags<T> & {'client-id'?: string; 'environment-url'?: string}
    // A command may give --client-id another meaning (an IdP's OIDC client id) by dropping the global one.
    const clientId = 'client-id' in this.ctor.baseFlags ? flags['client-id'] : undefined
    return {
      env: process.env,
      flags: {clientId, environmentUrl: flags['environment-url'], profile: flags.profile},
      store: () => this.profiles(),
    }
  }
}

/**
 * oclif reads standard input into an argument left out — all of it, with no limit. Commands read standard input only
 * where they say so ("-"), through a bounded reader.
 */
function withoutStdin(args: Interfaces.ArgInput | undefined): Interfaces.ArgInput {
  return Object.fromEntries(Object.entries(args ?? {}).map(([name, arg]) => [name, {...arg, ignoreStdin: true}]))
}

function stackOf(error: Error): string | undefined {
  const cause = (error as {cause?: unknown}).cause
  return cause instanceof Error ? (cause.stack ?? cause.message) : error.stack
}

/** For "Nonexistent flag: --lmit", the known flag closest to it. */
function suggestFlag(message: string, known: readonly string[]): string | undefined {
  const unknown = /Nonexistent flags?: (--?[\w-]+)/.exec(message)?.[1]?.replace(/^-+/, '')
  const meant = unknown ? closestFlag(unknown, known) : undefined
  return meant ? `did you mean --${meant}?` : undefined
}

type OclifError = Error & {
  oclif?: {exit?: number}
  /** oclif's "Unexpected argument" error: the values beyond the command's arguments. */
  args?: unknown
  parse?: {output?: {flags?: Record<string, unknown>}}
}

/** oclif's own parse errors carry `oclif.exit` (2 for usage); anything unknown is a runtime failure (1). */
export function toCliError(error: OclifError, command?: CommandUsage): CliError {
  if (error instanceof CliError) return error
  // Ctrl-C at a prompt: the prompt library reads it as a key in raw mode, so no SIGINT arrives — same exit all the same.
  if (error.name === 'ExitPromptError') return new CliError('interrupted', 'interrupted at a prompt', {cause: error})
  const exit = error.oclif?.exit
  if (exit === ExitCode.usage) {
    const extra = Array.isArray(error.args) && /^Unexpected arguments?:/.test(error.message) ? error.args : undefined
    if (command && extra?.every((a) => typeof a === 'string')) {
      return extraArgumentsError(command, extra, new Set(Object.keys(error.parse?.output?.flags ?? {})))
    }
    return new CliError('usage', error.message.replace(/\n?See more help with --help$/, ''), {
      cause: error,
      hint: suggestFlag(error.message, command?.flags.map((f) => f.name) ?? []) ?? 'see --help for usage',
    })
  }
  return new CliError('api_error', error.message || String(error), {cause: error})
}
