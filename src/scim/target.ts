import type {Api} from '../api/client.js'
import {type DirectoryJson, hasActiveSecret, issueDirectorySecret} from '../api/directories.js'
import {environmentKind} from '../config/url.js'
import {isEmulator} from '../emulator-control/admin-client.js'
import {CliError, invalidInput} from '../errors.js'

/** Where a push sends its SCIM requests, and with which bearer token. */
export interface PushTarget {
  endpoint: string
  token: string
  /** Set when the token was issued through the Scalekit API for this push. */
  issued?: {
    /** True when the directory had a secret, which now no longer works. */
    replaced: boolean
    /** The environment is an skctl emulator (replacing its secret needs no confirmation). */
    emulator: boolean
  }
}

/**
 * `--endpoint`: an http(s) SCIM base URL without query or fragment, trailing slashes dropped. Plain http only for
 * loopback hosts, so the bearer token never crosses a network unencrypted.
 */
export function checkEndpoint(raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw invalidInput(`--endpoint "${raw}" is not a URL`, 'e.g. https://acme.scalekit.dev/directory/dir_…/scim/v2')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidInput('--endpoint must be an http(s) URL')
  if (url.protocol === 'http:' && environmentKind(url.href) !== 'local') {
    throw invalidInput('--endpoint must use https:// (plain http only on a loopback host): it carries the bearer token')
  }
  if (url.username || url.password || url.search || url.hash) {
    throw invalidInput(
      '--endpoint must not hold credentials, a query or a fragment',
      `use ${url.origin}${url.pathname}`,
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/**
 * The directory's SCIM endpoint and a bearer token issued through the API for it. When the directory already has a
 * secret, issuing one replaces it — the customer's identity provider stops working — so outside the emulator
 * `confirm` is asked first (it takes --yes).
 */
export async function targetThroughApi(
  api: Api,
  directory: DirectoryJson,
  confirm: (question: string) => Promise<void>,
): Promise<PushTarget> {
  if (!directory.enabled) {
    throw new CliError('api_error', `directory ${directory.id} is disabled: its SCIM endpoint refuses provisioning`, {
      hint: `skctl directories enable --org ${directory.organizationId} ${directory.id}`,
    })
  }
  if (!directory.directoryEndpoint) {
    throw new CliError('api_error', `the API shows no SCIM endpoint for directory ${directory.id}`, {
      hint: 'pass it with --endpoint and the bearer token with --token-stdin',
    })
  }
  const emulator = await isEmulator(api.credentials.environmentUrl)
  if (hasActiveSecret(directory) && !emulator) {
    await confirm(
      `Rotate the bearer secret of directory ${directory.id} to push with it? The customer's identity provider stops working until it is given the new one`,
    )
  }
  const issued = await issueDirectorySecret(api, directory)
  return {
    endpoint: issued.endpoint.replace(/\/+$/, ''),
    token: issued.token,
    issued: {replaced: issued.replaced, emulator},
  }
}
