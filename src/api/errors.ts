import {environmentKind} from '../config/url.js'
import {CliError, type ErrorCode} from '../errors.js'

/**
 * Scalekit refuses a create whose name is taken (roles, permissions) with INVALID_ARGUMENT, not ALREADY_EXISTS.
 * When `exists` finds the name taken, the refusal becomes `already_exists` — what callers that treat an existing item
 * as done (env apply, a re-run) look for; otherwise, or when the lookup fails, the error stays as it was.
 */
export async function takenNameError(
  error: unknown,
  exists: () => Promise<unknown>,
  message: string,
  hint: string,
): Promise<unknown> {
  if (!(error instanceof CliError) || error.code !== 'invalid_input') return error
  try {
    await exists()
  } catch {
    return error
  }
  return new CliError('already_exists', message, {cause: error, hint})
}

/** The error with a hint added when it is a CliError of `code` that has none yet; any other error unchanged. */
export function withHint(error: unknown, code: ErrorCode, hint: string): unknown {
  if (!(error instanceof CliError) || error.code !== code || error.hint) return error
  return new CliError(error.code, error.message, {cause: error, hint})
}

/** gRPC status numbers the SDK exposes as `grpcStatus`. */
const Grpc = {
  aborted: 10,
  alreadyExists: 6,
  deadlineExceeded: 4,
  failedPrecondition: 9,
  invalidArgument: 3,
  notFound: 5,
  outOfRange: 11,
  permissionDenied: 7,
  resourceExhausted: 8,
  unauthenticated: 16,
  unavailable: 14,
  unimplemented: 12,
} as const

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]

interface SdkServerError {
  grpcStatus?: number
  httpStatus?: number
  message: string
  name: string
}

interface AxiosLike {
  code?: string
  isAxiosError: true
  message: string
  response?: {data?: unknown; status: number}
}

/** `[invalid_argument] organization.display_name: …` → `organization.display_name: …` */
export function stripCodePrefix(message: string): string {
  return message.replace(/^\[[a-z_]+\]\s*/, '')
}

function isAxios(error: unknown): error is AxiosLike {
  return typeof error === 'object' && error !== null && (error as {isAxiosError?: boolean}).isAxiosError === true
}

/** Said wherever skctl meets an emulator started with --tls without being told to trust skctl's local CA. */
export const UNTRUSTED_EMULATOR_HINT =
  'for an emulator started with --tls: export NODE_EXTRA_CA_CERTS=<skctl data directory>/tls/ca.pem (skctl emulator start --tls prints the path), or a file holding it with your own certificates'

/** OpenSSL's verdicts on a certificate this process does not trust (Node's `error.code`). */
const UNTRUSTED_CERTIFICATE = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT/

function unreachable(environmentUrl: string, cause: unknown, detail: string): CliError {
  // A loopback https URL whose certificate is not trusted is the local emulator started with --tls.
  const untrusted = UNTRUSTED_CERTIFICATE.test(detail) && isLocal(environmentUrl)
  return new CliError('unreachable', `cannot reach ${environmentUrl} (${detail})`, {
    cause,
    hint: untrusted
      ? UNTRUSTED_EMULATOR_HINT
      : 'check the environment URL and your network; for the local emulator run: skctl emulator start',
  })
}

/** A loopback environment URL is the local emulator (its profile's URL is one): its credentials come from there. */
function isLocal(environmentUrl: string): boolean {
  try {
    return environmentKind(environmentUrl) === 'local'
  } catch {
    return false
  }
}

function fromToken(error: AxiosLike, environmentUrl: string): CliError {
  const {response} = error
  if (!response) return unreachable(environmentUrl, error, error.code ?? error.message)
  const body = (response.data ?? {}) as {error?: string; error_description?: string}
  if (body.error && body.error !== 'invalid_client') {
    // An OAuth error about the request itself (invalid_grant for a spent code, say), not about the credentials.
    const detail = body.error_description ? `: ${body.error_description}` : ''
    return new CliError('api_error', `the token endpoint refused the request (${body.error}${detail})`, {cause: error})
  }
  if (response.status === 401 || response.status === 400 || body.error === 'invalid_client') {
    return new CliError('auth_failed', `the client id or client secret was rejected by ${environmentUrl}`, {
      cause: error,
      hint: isLocal(environmentUrl)
        ? 'use the emulator client id and secret shown by skctl emulator status'
        : 'copy both from the Scalekit dashboard (Developers > Settings > API credentials) and run skctl login',
    })
  }
  if (response.status === 404) {
    return new CliError('unreachable', `${environmentUrl} does not look like a Scalekit environment (HTTP 404)`, {
      cause: error,
      hint: 'the environment URL is shown in the dashboard, e.g. https://your-env.scalekit.dev',
    })
  }
  return new CliError('api_error', `${environmentUrl} answered HTTP ${response.status}`, {cause: error})
}

const byGrpc: Record<number, {code: ErrorCode; hint?: string}> = {
  [Grpc.aborted]: {code: 'already_exists'},
  [Grpc.alreadyExists]: {code: 'already_exists'},
  [Grpc.deadlineExceeded]: {code: 'api_error', hint: 'the request timed out; try again'},
  [Grpc.failedPrecondition]: {code: 'invalid_input'},
  [Grpc.invalidArgument]: {code: 'invalid_input'},
  [Grpc.notFound]: {code: 'not_found'},
  [Grpc.outOfRange]: {code: 'invalid_input'},
  [Grpc.permissionDenied]: {code: 'auth_failed', hint: 'these API credentials are not allowed to do this'},
  [Grpc.resourceExhausted]: {code: 'rate_limited', hint: 'the API is rate-limiting; wait a moment and retry'},
  [Grpc.unauthenticated]: {code: 'auth_failed', hint: 'check the client id and secret: skctl status'},
  [Grpc.unimplemented]: {code: 'api_error', hint: 'this environment does not support that operation'},
}

/**
 * Every failure the SDK can throw becomes one CliError: ScalekitServerException subclasses (matched by name and
 * grpcStatus — the SDK may be loaded twice, so never instanceof), raw AxiosErrors from the token endpoint, plain
 * Errors from client-side checks, and TypeError for a malformed URL.
 */
export function normaliseError(error: unknown, environmentUrl: string): CliError {
  if (error instanceof CliError) return error
  if (isAxios(error)) return fromToken(error, environmentUrl)
  if (error instanceof TypeError && /Invalid URL/i.test(error.message)) {
    return new CliError('invalid_input', `environment URL "${environmentUrl}" is not valid`, {cause: error})
  }
  const sdkError = error as SdkServerError
  if (typeof sdkError?.grpcStatus === 'number') {
    const message = stripCodePrefix(sdkError.message)
    // A dropped connection reaches the SDK as ABORTED (`[aborted] read ECONNRESET`), which it calls a conflict.
    const network = NETWORK_CODES.find((c) => message.includes(c))
    if (sdkError.grpcStatus === Grpc.unavailable || network) {
      return unreachable(environmentUrl, error, network ?? message)
    }
    const mapped = byGrpc[sdkError.grpcStatus] ?? {code: 'api_error' as const}
    return new CliError(mapped.code, message, {cause: error, hint: mapped.hint})
  }
  const message = error instanceof Error ? error.message : String(error)
  const network = NETWORK_CODES.find((c) => message.includes(c))
  if (network) return unreachable(environmentUrl, error, network)
  return new CliError('api_error', message, {cause: error})
}
