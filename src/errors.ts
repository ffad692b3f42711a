/** Exit codes are a contract (README "Exit codes"); never reuse a number for another meaning. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  partial: 5,
  checkFailed: 6,
  interrupted: 130,
} as const

export type ErrorCode =
  | 'already_exists'
  | 'api_error'
  | 'auth_failed'
  | 'check_failed'
  | 'disk_full'
  | 'interrupted'
  | 'invalid_input'
  | 'not_found'
  | 'partial_failure'
  | 'rate_limited'
  | 'unreachable'
  | 'usage'

const exitFor: Record<ErrorCode, number> = {
  already_exists: ExitCode.failure,
  api_error: ExitCode.failure,
  auth_failed: ExitCode.auth,
  check_failed: ExitCode.checkFailed,
  disk_full: ExitCode.failure,
  interrupted: ExitCode.interrupted,
  invalid_input: ExitCode.usage,
  not_found: ExitCode.notFound,
  partial_failure: ExitCode.partial,
  rate_limited: ExitCode.failure,
  unreachable: ExitCode.failure,
  usage: ExitCode.usage,
}

/** The one error type commands and capability modules throw; the base command renders it. */
export class CliError extends Error {
  readonly code: ErrorCode
  readonly exit: number
  readonly hint?: string

  constructor(code: ErrorCode, message: string, options: {cause?: unknown; hint?: string} = {}) {
    super(message, {cause: options.cause})
    this.name = 'CliError'
    this.code = code
    this.exit = exitFor[code]
    this.hint = options.hint
  }
}

export const usageError = (message: string, hint?: string) => new CliError('usage', message, {hint})
export const invalidInput = (message: string, hint?: string) => new CliError('invalid_input', message, {hint})
