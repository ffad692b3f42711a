import {invalidInput} from './errors.js'

/** `--metadata k=v` values → a map; a value may contain "=", a key may not be empty. */
export function parseKeyValues(values: string[] | undefined, flag = 'metadata'): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined
  const out: Record<string, string> = {}
  for (const item of values) {
    const at = item.indexOf('=')
    const key = at > 0 ? item.slice(0, at).trim() : ''
    if (!key) throw invalidInput(`--${flag} "${item}" is not key=value`, `write it as --${flag} plan=enterprise`)
    out[key] = item.slice(at + 1)
  }
  return out
}

const ROLE_NAME = /^[a-zA-Z0-9_]{1,64}$/

/** Role names as Scalekit accepts them (letters, digits, "_"); checked before any call. */
export function assertRoleNames(names: string[] | undefined): string[] | undefined {
  for (const name of names ?? []) {
    if (!ROLE_NAME.test(name))
      throw invalidInput(`role "${name}" is not a valid role name`, 'use letters, digits and "_"')
  }
  return names
}

/** The API looks external ids up only up to this length (the GetUser/UpdateUser rules), so longer ones are refused. */
export const MAX_EXTERNAL_ID = 510

export function assertExternalId(externalId: string | undefined): string | undefined {
  if (externalId === undefined) return undefined
  if (externalId.trim() === '') throw invalidInput('--external-id must not be empty')
  if (externalId.length > MAX_EXTERNAL_ID) {
    throw invalidInput(`--external-id is ${externalId.length} characters long; at most ${MAX_EXTERNAL_ID} are allowed`)
  }
  return externalId
}
