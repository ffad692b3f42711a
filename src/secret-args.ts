import {registerSecret} from './redact.js'

// oclif prints the whole argv on its DEBUG lines before any command code runs, so the values of flags that carry a
// credential are registered with the redactor from bin/run.js, before oclif starts. Most secrets never reach argv
// (--client-secret-stdin, --secret-stdin, --token-stdin); these flags take one-time credentials, which may.

/** Flags whose value is a credential. A flag added here is masked in every output, DEBUG lines included. */
export const SECRET_FLAGS = ['code', 'link-token'] as const

/** `api --field` keys whose value is a credential (client_secret=…, code=…, link_token=…, refresh_token=…). */
const SECRET_FIELD = /secret|password|token|^code$/i
const FIELD_FLAGS = new Set(['--field', '-f'])

/** The credential values in a command line: after a secret flag (`--code V`, `--code=V`) or a secret --field. */
export function secretArgValues(argv: readonly string[]): string[] {
  const values: string[] = []
  const flags = new Set(SECRET_FLAGS.map((name) => `--${name}`))
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') break
    const at = arg.indexOf('=')
    const [flag, inline] = arg.startsWith('--') && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined]
    const value = inline ?? argv[i + 1]
    if (value === undefined) continue
    if (flags.has(flag)) values.push(value)
    if (FIELD_FLAGS.has(flag)) {
      const key = value.slice(0, Math.max(0, value.indexOf('=')))
      if (SECRET_FIELD.test(key)) values.push(value.slice(key.length + 1))
    }
  }
  // "-" means "read it from standard input": that is no secret, and masking it would mangle every dash.
  return values.filter((value) => value !== '' && value !== '-')
}

export function registerSecretArgs(argv: readonly string[]): void {
  for (const value of secretArgValues(argv)) registerSecret(value)
}
