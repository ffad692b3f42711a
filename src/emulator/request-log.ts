import {MAGIC_LINK_PREFIX} from './portal/portal.js'
import {HOSTED_LOGIN_PATH} from './hosted-login/hosted-logins.js'
import {SIMULATOR_PATH} from './sso/authorize.js'

/** Paths whose last part is a bearer credential: a login request id a browser acts on, a portal link token. */
const CREDENTIAL_PATHS = [SIMULATOR_PATH, HOSTED_LOGIN_PATH, MAGIC_LINK_PREFIX]

/**
 * A request target as it may appear in the emulator's log, whether that goes to a terminal (foreground) or to
 * emulator.log (detached): credentials in the path are cut off, and every query value is masked, because queries
 * carry client secrets, codes, state, nonces, login hints and SCIM filters on user names.
 */
export function loggableTarget(target: string): string {
  const url = new URL(target, 'http://emulator.invalid')
  const prefix = CREDENTIAL_PATHS.find((credentialPath) => url.pathname.startsWith(credentialPath))
  const path = prefix === undefined ? url.pathname : `${prefix}…`
  const names = [...new Set(url.searchParams.keys())]
  return names.length === 0 ? path : `${path}?${names.map((name) => `${encodeURIComponent(name)}=…`).join('&')}`
}
