import type {OutboxMessage} from './passwordless/outbox.js'
import {type CompleteLoginOptions, completeLogin} from './sso/complete-login.js'
import type {Delivery} from './webhooks/delivery-log.js'

/** The variables Scalekit's SDKs and samples read, pointing at an emulator. */
export interface EmulatorEnv {
  SCALEKIT_ENVIRONMENT_URL: string
  SCALEKIT_CLIENT_ID: string
  SCALEKIT_CLIENT_SECRET: string
}

/** What a test does with an emulator, whether it started it in this process or another one did. */
export interface EmulatorClient {
  /** `http://127.0.0.1:PORT`, no trailing slash: pass it to `new ScalekitClient(url, clientId, clientSecret)`. */
  url: string
  clientId: string
  /** The secret the emulator accepts: a test value, never a real one. */
  clientSecret: string
  /** `url`, `clientId` and `clientSecret` as SCALEKIT_* variables, e.g. for `Object.assign(process.env, env)`. */
  env: EmulatorEnv
  /**
   * Back to a fresh start, like `POST /_emulator/reset`: only the seeded test organization, no faults, in-flight
   * logins, webhook endpoints, deliveries or emails. Cheaper than a new emulator between tests.
   */
  reset(): Promise<void>
  /** Emails the emulator would have sent (passwordless codes and links, invitations), oldest first. */
  outbox(filter?: {to?: string; after?: string}): Promise<OutboxMessage[]>
  /**
   * Webhook deliveries, oldest first. `wait` (ms, at most 60 000) first waits until none of them is pending, so a
   * test sees the outcome of what it just triggered.
   */
  deliveries(options?: {endpointId?: string; wait?: number}): Promise<Delivery[]>
  /**
   * Signs a user in as a browser would — through the hosted login page when the authorization URL names no
   * connection (passwordless email when the email's domain has no SSO), then the IdP simulator — and returns the app's callback URL with `code`
   * and `state` (or an OAuth `error`), without opening it: the app's test passes it to its own callback handler.
   */
  completeLogin(options: CompleteLoginOptions): Promise<string>
}

/**
 * The emulator another process started — a test runner's global setup, `skctl emulator exec`, `skctl emulator
 * start` — reached through its SCALEKIT_* variables (by default this process's environment) and its admin API.
 */
export function connectEmulator(env: Partial<EmulatorEnv> | NodeJS.ProcessEnv = process.env): EmulatorClient {
  const url = env.SCALEKIT_ENVIRONMENT_URL?.replace(/\/+$/, '')
  const {SCALEKIT_CLIENT_ID: clientId, SCALEKIT_CLIENT_SECRET: clientSecret} = env
  if (!url || !clientId || !clientSecret) {
    throw new Error(
      'connectEmulator needs SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET: ' +
        'set them from the handle startEmulator returned (its env), or run the tests under skctl emulator exec',
    )
  }
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  async function admin<T>(method: string, path: string, query: Record<string, string | number | undefined> = {}) {
    const target = new URL(path, url)
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) target.searchParams.set(name, `${value}`)
    const response = await fetch(target, {method, headers: {authorization}})
    const body = (await response.json().catch(() => ({}))) as T & {error_description?: string}
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${body.error_description ?? 'not an emulator?'}`)
    }
    return body
  }
  const outbox = async (filter: {to?: string; after?: string} = {}) =>
    (await admin<{messages: OutboxMessage[]}>('GET', '/_emulator/outbox', filter)).messages
  return {
    url,
    clientId,
    clientSecret,
    env: {SCALEKIT_ENVIRONMENT_URL: url, SCALEKIT_CLIENT_ID: clientId, SCALEKIT_CLIENT_SECRET: clientSecret},
    reset: async () => {
      await admin('POST', '/_emulator/reset')
    },
    outbox,
    deliveries: async ({endpointId, wait} = {}) =>
      (await admin<{deliveries: Delivery[]}>('GET', '/_emulator/webhooks/deliveries', {endpoint: endpointId, wait}))
        .deliveries,
    completeLogin: (options) => completeLogin({url, clientId, outbox}, options),
  }
}
