import type {ChalkInstance} from 'chalk'

import type {CliError} from '../errors.js'
import {escapeTerminal} from './escape.js'

/** The `--json` error document: `{"error":{"code","message","hint"}}`. */
export const errorJson = (failure: CliError) => ({
  error: {code: failure.code, hint: failure.hint ?? null, message: failure.message},
})

/**
 * `Error: …` and `Hint: …` for stderr, with the stack when asked for. Messages carry API and IdP text, so they are
 * escaped for the terminal; the JSON document keeps them exact.
 */
export function errorText(failure: CliError, chalk: ChalkInstance, stack?: string): string {
  const text = (value: string) => escapeTerminal(value, {multiline: true})
  const lines = [`${chalk.red('Error:')} ${text(failure.message)}`]
  if (failure.hint) lines.push(`${chalk.dim('Hint:')} ${text(failure.hint)}`)
  if (stack) lines.push(chalk.dim(text(stack)))
  return `${lines.join('\n')}\n`
}
