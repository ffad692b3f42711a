import {Api} from '../api/client.js'
import {type CliError, ExitCode} from '../errors.js'
import type {ResolvedCredentials, Sourced} from './credentials.js'

/** A resolved value as `status` and `doctor` show it: the value (masked for a secret) and where it came from. */
export interface ValueReport {
  from: string
  source: Sourced['source']
  value: string
}

export const reportValue = (v: Sourced | undefined, shown = v?.value): ValueReport | null =>
  v && shown !== undefined ? {from: v.origin, source: v.source, value: shown} : null

export interface TokenCheck {
  error?: {code: string; message: string}
  /** The exit code the failure maps to (3 rejected or missing credentials, 1 unreachable). */
  exit?: number
  ok: boolean
}

/** Whether an access token can be minted with these credentials. Never throws: the failure is the answer. */
export async function mintToken(resolved: ResolvedCredentials): Promise<TokenCheck> {
  const {clientId, clientSecret, environmentUrl} = resolved
  if (!clientId || !clientSecret || !environmentUrl) {
    return {error: {code: 'auth_failed', message: 'credentials are incomplete'}, exit: ExitCode.auth, ok: false}
  }
  return new Api({clientId: clientId.value, clientSecret: clientSecret.value, environmentUrl: environmentUrl.value})
    .verify()
    .then(() => ({ok: true}))
    .catch((error: CliError) => ({error: {code: error.code, message: error.message}, exit: error.exit, ok: false}))
}
