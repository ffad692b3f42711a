import {type CliError, usageError} from '../errors.js'
import {shellCommand, shellQuote} from '../output/shell-quote.js'
import {closestCommand, type FlagInfo, guessFlag} from './suggest.js'

/** A command as usage errors describe it. */
export interface CommandUsage {
  /** As typed: `skctl orgs create`. */
  name: string
  /** Names of its positional arguments, in order. */
  args: readonly string[]
  flags: readonly FlagInfo[]
}

/**
 * Values a command does not take as arguments (`skctl orgs create "Beta Inc"`): usually a flag's value typed
 * without the flag, so the hint names the flag it fits.
 */
export function extraArgumentsError(command: CommandUsage, extra: readonly string[], given: ReadonlySet<string>) {
  const values = extra.map((v) => JSON.stringify(v)).join(', ')
  const count = command.args.length === 1 ? '1 argument' : `${command.args.length} arguments`
  const message =
    command.args.length === 0
      ? `${command.name} takes no arguments, but was given ${values}`
      : `${command.name} takes ${count} (${command.args.map((a) => a.toUpperCase()).join(' ')}); it was also given ${values}`
  // Words split by unquoted spaces are one value: `orgs create Beta Inc` means --name "Beta Inc".
  const value = extra.join(' ')
  const flag = guessFlag(value, command.flags, given)
  const hint = flag ? `did you mean --${flag} ${shellQuote(value)}?` : `see ${command.name} --help`
  return usageError(message, hint)
}

/** Words that name no command: the closest command when one is close, else where the list of commands is. */
export function unknownCommandError(
  bin: string,
  words: readonly string[],
  ids: readonly string[],
  topic?: string,
): CliError {
  const typed = words.join(' ')
  const meant = closestCommand(words, ids)
  const help = topic ? `${bin} help ${topic}` : `${bin} help`
  const hint = meant
    ? `did you mean ${bin} ${meant.replaceAll(':', ' ')}? (${help} lists the commands)`
    : `${help} lists the commands`
  return usageError(`${JSON.stringify(typed)} is not a ${bin} command`, hint)
}

/** A flag before the command (`skctl --json orgs list`): oclif takes it for the command's name. */
export function flagFirstError(bin: string, flag: string, rest: readonly string[], restIsCommand: boolean): CliError {
  const hint = restIsCommand
    ? `write the command first: ${shellCommand([bin, ...rest, flag])}`
    : `write the command first, then its flags (${bin} help lists the commands)`
  return usageError(`${JSON.stringify(flag)} comes before the command; flags go after it`, hint)
}
