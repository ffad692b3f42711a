import type {ChalkInstance} from 'chalk'

import type {CliError} from '../errors.js'

/** The `--json` error document: `{"error":{"code","message","hint"}}`. */
export const errorJson = (failure: CliError) => ({
  error: {code: failure.code, hint: failure.hint ?? null, message: failure.message},
})

/** `Error: …` and `Hint: …` for stderr, with the stack when asked for. */
export function errorText(failure: CliError, chalk: ChalkInstance, stack?: string): string {
  const lines = [`${chalk.red('Error:')} ${failure.message}`]
  if (failure.hint) lines.push(`${chalk.dim('Hint:')} ${failure.hint}`)
  if (stack) lines.push(chalk.dim(stack))
  return `${lines.join('\n')}\n`
}
