import type {ResolvedCredentials} from '../config/credentials.js'
import type {ProfileStore} from '../config/profiles.js'
import {UNTRUSTED_EMULATOR_HINT} from '../api/errors.js'
import {CliError} from '../errors.js'
import {EMULATOR_PROFILE} from './profile.js'
import {health, identify, isAlive, readRuntime} from './runtime.js'

/** A running emulator and the client credentials its `/_emulator/*` endpoints accept. */
export interface EmulatorEndpoint {
  clientId: string
  clientSecret: string
  url: string
}

/**
 * The emulator a command should talk to: the configured environment (flags, SCALEKIT_* variables, profile) when
 * it is an emulator — an app's test suite may run its own —, else the one `skctl emulator start` recorded.
 */
export async function locateEmulator(
  configDir: string,
  resolved: ResolvedCredentials,
  profiles: () => Promise<ProfileStore>,
): Promise<EmulatorEndpoint> {
  const {clientId, clientSecret, environmentUrl} = resolved
  if (clientId && clientSecret && environmentUrl && (await health(environmentUrl.value))) {
    return {clientId: clientId.value, clientSecret: clientSecret.value, url: environmentUrl.value}
  }
  const runtime = readRuntime(configDir)
  const found = runtime && isAlive(runtime.pid) ? await identify(runtime.url) : undefined
  if (runtime && found?.health) {
    const secret = await (await profiles()).readSecret(EMULATOR_PROFILE)
    if (secret) return {clientId: runtime.clientId, clientSecret: secret, url: runtime.url}
  }
  if (runtime && found?.untrusted) throw untrustedEmulator(runtime.url)
  throw new CliError('not_found', 'no emulator is running', {
    hint: 'skctl emulator start --detach, or point SCALEKIT_ENVIRONMENT_URL and the credentials at a running emulator',
  })
}

/**
 * Like locateEmulator, for commands that only make sense on the emulator (trigger, listen): a configured
 * environment that answers but is not an emulator is refused (exit 2) rather than passed over for a detached one,
 * so nobody believes they are testing a real environment's webhooks.
 */
export async function requireEmulator(
  configDir: string,
  resolved: ResolvedCredentials,
  profiles: () => Promise<ProfileStore>,
  command: string,
): Promise<EmulatorEndpoint> {
  const url = resolved.environmentUrl?.value
  if (url) {
    const found = await identify(url)
    if (found.untrusted) throw untrustedEmulator(url)
    if (found.answered && !found.health) {
      throw new CliError('usage', `${url} is not the skctl emulator: ${command} works only with the local emulator`, {
        hint: "a real environment's webhooks are configured in its dashboard (Developers > Webhooks); for the emulator use --profile emulator, or skctl emulator start",
      })
    }
  }
  return locateEmulator(configDir, resolved, profiles)
}

/** An emulator started with --tls, reached by a process that was not told to trust skctl's local CA. */
export function untrustedEmulator(url: string): CliError {
  return new CliError('unreachable', `the certificate of ${url} is not trusted by this process`, {
    hint: UNTRUSTED_EMULATOR_HINT,
  })
}

/** Whether an skctl emulator answers at this environment URL (a real Scalekit environment does not). */
export async function isEmulator(url: string): Promise<boolean> {
  return (await health(url)) !== undefined
}

/** A refusal from the emulator, with its whole answer (`error` names the reason) for callers that explain it. */
export class AdminAnswerError extends CliError {
  constructor(
    code: 'invalid_input' | 'not_found',
    message: string,
    readonly answer: {error?: string} & Record<string, unknown>,
  ) {
    super(code, message)
  }
}

/** Calls a `/_emulator/*` endpoint with HTTP Basic; every failure leaves as a CliError. */
export async function adminRequest<T>(
  endpoint: EmulatorEndpoint,
  method: 'DELETE' | 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  // Form-encoded parts, as the emulator (like RFC 6749 §2.3.1) decodes them.
  const user = `${encodeURIComponent(endpoint.clientId)}:${encodeURIComponent(endpoint.clientSecret)}`
  let res: Response
  try {
    res = await fetch(`${endpoint.url}${path}`, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {authorization: `Basic ${Buffer.from(user).toString('base64')}`, 'content-type': 'application/json'},
      method,
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    const reason = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
    throw new CliError('unreachable', `cannot reach the emulator at ${endpoint.url} (${reason})`, {
      cause: error,
      hint: 'skctl emulator status',
    })
  }
  const answer = (await res.json().catch(() => ({}))) as {error?: string; error_description?: string}
  if (res.ok) return answer as T
  const detail = answer.error_description ?? res.statusText
  if (res.status === 401) {
    throw new CliError('auth_failed', `the emulator at ${endpoint.url} refused these client credentials`, {
      hint: 'use the emulator client id and secret shown by skctl emulator status',
    })
  }
  if (res.status === 400) throw new AdminAnswerError('invalid_input', detail, answer)
  if (res.status === 404) throw new AdminAnswerError('not_found', detail, answer)
  throw new CliError('api_error', `the emulator answered HTTP ${res.status}: ${detail}`)
}
