import type {RedirectEntry} from '../emulator/index.js'
import {CliError, invalidInput} from '../errors.js'
import {assertRegistrableRedirectUri, InvalidRedirectUriError} from '../shared/redirect-uris.js'
import {adminRequest, type EmulatorEndpoint} from './admin-client.js'

export type {RedirectEntry, RedirectSource} from '../emulator/index.js'

/** The emulator's redirect URIs and how it matches them. */
export interface EmulatorRedirects {
  /** Where the IdP simulator's IdP-initiated scenario sends the user; null when it is the login's redirect URI. */
  initiateLoginUri: string | null
  redirects: RedirectEntry[]
  /** true: only registered URIs match; false: any http loopback URI matches too. */
  strict: boolean
}

interface RedirectsAnswer extends EmulatorRedirects {
  redirectUris: string[]
}

const LIST_HINT = 'skctl emulator redirects list'

/** Checked here with the emulator's own rules, so a bad URL is refused before any request (exit 2). */
export function assertRedirectUri(uri: string): void {
  try {
    assertRegistrableRedirectUri(uri)
  } catch (error) {
    if (!(error instanceof InvalidRedirectUriError)) throw error
    throw invalidInput(
      `cannot register ${JSON.stringify(uri)}: ${error.message}`,
      'give an absolute http(s) URL without query or fragment, e.g. http://localhost:3000/api/auth/callback',
    )
  }
}

export async function listRedirects(emulator: EmulatorEndpoint): Promise<EmulatorRedirects> {
  return shape(await adminRequest<RedirectsAnswer>(emulator, 'GET', '/_emulator/redirects'))
}

export async function addRedirect(emulator: EmulatorEndpoint, uri: string): Promise<EmulatorRedirects> {
  assertRedirectUri(uri)
  return shape(await adminRequest<RedirectsAnswer>(emulator, 'POST', '/_emulator/redirects', {add: [uri]}))
}

export async function removeRedirect(emulator: EmulatorEndpoint, uri: string): Promise<EmulatorRedirects> {
  try {
    const query = new URLSearchParams({uri})
    return shape(await adminRequest<RedirectsAnswer>(emulator, 'DELETE', `/_emulator/redirects?${query}`))
  } catch (error) {
    if (error instanceof CliError && (error.code === 'not_found' || error.code === 'invalid_input')) {
      throw new CliError(error.code, error.message, {hint: LIST_HINT})
    }
    throw error
  }
}

function shape(answer: RedirectsAnswer): EmulatorRedirects {
  return {initiateLoginUri: answer.initiateLoginUri, redirects: answer.redirects, strict: answer.strict}
}
