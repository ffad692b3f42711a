import {usageError} from '../errors.js'
import {registerSecret} from '../redact.js'
import {readSecretFromStdin} from '../stdin.js'

/**
 * The OIDC client secret: from standard input with --client-secret-stdin, else a hidden prompt when a person is
 * at a terminal. Never from a flag value: `--client-secret VALUE` is refused without repeating the value.
 */
export async function readClientSecret(
  flags: {'client-secret'?: string; 'client-secret-stdin'?: boolean},
  options: {interactive: boolean; required: boolean},
): Promise<string | undefined> {
  if (flags['client-secret'] !== undefined) {
    registerSecret(flags['client-secret'])
    throw usageError(
      '--client-secret does not take the secret as a value: it would stay in your shell history and the process list',
      'pipe it instead: printf %s "$SECRET" | skctl … --client-secret-stdin (or leave it out to be asked)',
    )
  }
  if (flags['client-secret-stdin']) {
    const secret = await readSecretFromStdin('--client-secret-stdin')
    registerSecret(secret)
    return secret
  }
  if (!options.required) return undefined
  if (!options.interactive) {
    throw usageError('the OIDC client secret is required', 'pass it on standard input with --client-secret-stdin')
  }
  const {password} = await import('@inquirer/prompts')
  const secret = (await password({mask: true, message: 'OIDC client secret'})).trim()
  if (!secret) throw usageError('the OIDC client secret is required')
  registerSecret(secret)
  return secret
}
