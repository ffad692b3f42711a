import {PASSWORDLESS_TYPES, type PasswordlessTypeName} from '../../shared/passwordless-rules.js'

/**
 * The environment's passwordless options. In Scalekit they are dashboard settings (Authentication > Auth methods >
 * Passwordless), not request fields; the emulator takes them through `POST /_emulator/passwordless`.
 */
export interface PasswordlessSettings {
  type: PasswordlessTypeName
  /** Magic links then verify only together with the auth_request_id of the browser that asked for them. */
  enforceSameBrowserOrigin: boolean
  /** A resend mails a new code or link and invalidates the previous one (otherwise it mails the same again). */
  newCredentialOnResend: boolean
}

export const DEFAULT_SETTINGS: Readonly<PasswordlessSettings> = {
  type: 'OTP',
  enforceSameBrowserOrigin: false,
  newCredentialOnResend: true,
}

export class PasswordlessRequestError extends Error {}

/** `{type?, enforceSameBrowserOrigin?, newCredentialOnResend?}`; the type also as `otp`, `link`, `link-otp`. */
export function parseSettingsUpdate(body: unknown): Partial<PasswordlessSettings> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PasswordlessRequestError('the body must be a JSON object')
  }
  const update: Partial<PasswordlessSettings> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type') {
      const type = typeof value === 'string' ? value.toUpperCase().replace('-', '_') : ''
      if (!PASSWORDLESS_TYPES.includes(type as PasswordlessTypeName)) {
        throw new PasswordlessRequestError(`type must be one of ${PASSWORDLESS_TYPES.join(', ')}`)
      }
      update.type = type as PasswordlessTypeName
    } else if (key === 'enforceSameBrowserOrigin' || key === 'newCredentialOnResend') {
      if (typeof value !== 'boolean') throw new PasswordlessRequestError(`${key} must be true or false`)
      update[key] = value
    } else {
      throw new PasswordlessRequestError(
        `unknown setting "${key}"; the settings are type, enforceSameBrowserOrigin and newCredentialOnResend`,
      )
    }
  }
  return update
}
