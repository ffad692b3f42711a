import type {ResolvedCredentials} from '../config/credentials.js'
import type {ProfileStore} from '../config/profiles.js'
import {CliError} from '../errors.js'
import {EMULATOR_PROFILE} from './profile.js'
import {health, isAlive, readRuntime} from './runtime.js'

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
  if (runtime && isAlive(runtime.pid) && (await health(runtime.url))) {
    const secret = await (await profiles()).readSecret(EMULATOR_PROFILE)
    if (secret) return {clientId: runtime.clientId, clientSecret: secret, url: runtime.url}
  }
  throw new CliError('not_found', 'no emulator is running', {
    hint: 'skctl emulator start --detach, or point SCALEKIT_ENVIRONMENT_URL and the credentials at a running emulator',
  })
}

/** Whether an skctl emulator answers at this environment URL (a real Scalekit environment does not). */
export async function isEmulator(url: string): Promise<boolean> {
  return (await health(url)) !== undefined
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
  const answer = (await res.json().catch(() => ({}))) as {error_description?: string}
  if (res.ok) return answer as T
  const detail = answer.error_description ?? res.statusText
  if (res.status === 401) {
    throw new CliError('auth_failed', `the emulator at ${endpoint.url} refused these client credentials`, {
      hint: 'use the emulator client id and secret shown by skctl emulator status',
    })
  }
  if (res.status === 400) throw new CliError('invalid_input', detail)
  if (res.status === 404) throw new CliError('not_found', detail)
  throw new CliError('api_error', `the emulator answered HTTP ${res.status}: ${detail}`)
}
