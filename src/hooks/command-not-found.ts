import type {Command, Hook, Interfaces} from '@oclif/core'

import {colorEnabled, makeChalk} from '../output/color.js'
import type {CliError} from '../errors.js'
import {errorJson, errorText} from '../output/error.js'
import {extraArgumentsError, flagFirstError, unknownCommandError} from '../usage/errors.js'
import {flagInfos} from '../usage/suggest.js'

/**
 * The words typed as the command. With a space as topic separator, oclif joins every leading word that is no flag
 * into the id (`orgs create "Beta Inc"` → `orgs:create:Beta Inc`), so a value with a colon cannot be told apart
 * from a separator there: take the words from the command line when they are the ones oclif joined.
 */
function typedWords(id: string, argv: readonly string[], raw: readonly string[]): string[] {
  const head = raw.slice(0, Math.max(0, raw.length - argv.length))
  return head.length > 0 && head.join(':') === id ? head : id.split(':')
}

/** A known command followed by words it does not take (`orgs create Beta`), or undefined. */
function knownPrefix(config: Interfaces.Config, words: readonly string[]) {
  for (let n = words.length - 1; n > 0; n--) {
    const command = config.findCommand(words.slice(0, n).join(':'))
    if (command) return {command, extra: words.slice(n)}
  }
  return undefined
}

/** Flags present on the command line, by name: `--org x`, `--org=x`, `-o x` (by its char). */
function givenFlags(command: Command.Loadable, argv: readonly string[]): Set<string> {
  const given = new Set<string>()
  for (const flag of Object.values(command.flags)) {
    const long = `--${flag.name}`
    const short = flag.char ? `-${flag.char}` : undefined
    if (argv.some((a) => a === long || a.startsWith(`${long}=`) || a === short)) given.add(flag.name)
  }
  return given
}

/** Why the words name no command: a flag put first, values a known command does not take, or a misspelling. */
function diagnose(config: Interfaces.Config, id: string, argv: readonly string[], words: readonly string[]): CliError {
  const {bin} = config
  if (id.startsWith('-')) return flagFirstError(bin, id, argv, Boolean(config.findCommand(argv.join(':'))))
  const known = knownPrefix(config, words)
  if (known) {
    const {command, extra} = known
    const usage = {
      args: Object.keys(command.args),
      flags: flagInfos(command.flags),
      name: [bin, ...command.id.split(':')].join(' '),
    }
    return extraArgumentsError(usage, extra, givenFlags(command, argv))
  }
  const ids = config.commands.filter((c) => !c.hidden).map((c) => c.id)
  return unknownCommandError(bin, words, ids, config.findTopic(words[0] ?? '') ? words[0] : undefined)
}

/**
 * A command line that names no command is a usage error (exit 2) in the product's `Error:`/`Hint:` form, or the JSON
 * error document under `--json`: a value typed without its flag names the flag it fits, a misspelt command the
 * closest one. (This replaces @oclif/plugin-not-found, whose warning and exit 127 followed no contract of ours.)
 */
const hook: Hook.CommandNotFound = async function (opts) {
  const argv = opts.argv ?? []
  const raw = process.argv.slice(2)
  const options = raw.slice(0, raw.includes('--') ? raw.indexOf('--') : undefined)
  const failure = diagnose(opts.config, opts.id, argv, typedWords(opts.id, argv, raw))
  if (options.includes('--json')) {
    process.stdout.write(`${JSON.stringify(errorJson(failure), null, 2)}\n`)
  } else {
    const color = colorEnabled({
      env: process.env,
      isTTY: Boolean(process.stdout.isTTY),
      noColorFlag: options.includes('--no-color'),
    })
    process.stderr.write(errorText(failure, makeChalk(color)))
  }
  this.exit(failure.exit)
}

export default hook
