// The emulator's one public entry: the only emulator module the CLI imports, and what app developers get as
// `skctl/emulator` (through src/library/emulator.ts, which adds seeding from an environment file). Importing it is cheap (constants and types); the server loads on the first startEmulator call, so a
// CLI command that never starts an emulator never pays for it.
import type {EmulatorOptions, RunningEmulator} from './server.js'

export type {ApiFaultSettings} from '../shared/api-fault-config.js'

export {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_HOST, DEFAULT_PORT} from './defaults.js'
export type {Clock} from './clock.js'
export type {EmulatorEvent} from './events/bus.js'
export type {InvitationMessage, OutboxMessage, PasswordlessMessage} from './passwordless/outbox.js'
export {connectEmulator, type EmulatorClient, type EmulatorEnv} from './connect.js'
export type {EmulatorOptions, RunningEmulator} from './server.js'
export {
  type CompleteLoginOptions,
  LoginFlowError,
  type LoginRequestParams,
  type SimulatedLogin,
} from './sso/complete-login.js'
export type {RedirectEntry, RedirectSource} from './sso/redirects.js'
export type {Delivery, DeliveryAttempt, DeliveryState} from './webhooks/delivery-log.js'
export type {WebhookEndpoint} from './webhooks/endpoints.js'

/**
 * Starts an emulator in this process: by default on a free port of 127.0.0.1, with state in memory and the
 * published test credentials. Stop it with `stop()`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // A memory-only emulator's new signing key (generated on the thread pool) is what its start waits for longest:
  // begun before the server's modules load, not after. A start that fails leaves it unused, not unhandled.
  const newKey =
    options.dataDir === undefined
      ? import('./oauth/signing-key.js').then((signing) => signing.loadOrCreateSigningKey())
      : undefined
  newKey?.catch(() => {})
  const server = await import('./server.js')
  return server.startEmulator(options, newKey)
}
