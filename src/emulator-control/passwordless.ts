import type {Credentials} from '../api/client.js'
import {PASSWORDLESS_TYPES, type PasswordlessTypeName} from '../api/passwordless.js'
import type {OutboxMessage} from '../emulator/index.js'
import {usageError} from '../errors.js'
import {adminRequest, type EmulatorEndpoint, isEmulator} from './admin-client.js'

export type {OutboxMessage} from '../emulator/index.js'

/**
 * Scalekit has no request field for the passwordless type: it is an environment setting. The emulator takes it
 * through its admin endpoint; against a real environment this refuses rather than pretend.
 */
export async function setEmulatorPasswordlessType(credentials: Credentials, type: PasswordlessTypeName): Promise<void> {
  if (!(await isEmulator(credentials.environmentUrl))) {
    throw usageError(
      `--type works only against the local emulator: in Scalekit the passwordless type is a setting of the environment, not of the request`,
      'choose OTP, magic link or both in the dashboard (Authentication > Auth methods > Passwordless), then send without --type',
    )
  }
  const endpoint = {
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    url: credentials.environmentUrl,
  }
  await adminRequest(endpoint, 'POST', '/_emulator/passwordless', {type: PASSWORDLESS_TYPES[type]})
}

/** The emulator's outbox, oldest first; `after` (a message id) returns only later messages. */
export async function readOutbox(
  endpoint: EmulatorEndpoint,
  filter: {after?: string; to?: string},
): Promise<OutboxMessage[]> {
  const query = new URLSearchParams()
  if (filter.to) query.set('to', filter.to)
  if (filter.after) query.set('after', filter.after)
  const search = query.size > 0 ? `?${query}` : ''
  const answer = await adminRequest<{messages: OutboxMessage[]}>(endpoint, 'GET', `/_emulator/outbox${search}`)
  return answer.messages
}
