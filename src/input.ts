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
