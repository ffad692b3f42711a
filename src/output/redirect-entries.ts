import type {RedirectEntry} from '../emulator-control/redirects.js'
import type {Column} from './table.js'

const SOURCES = {added: 'added', default: 'built in', start: '--redirect-uri at start'} as const

export const redirectEntryColumns: Column<RedirectEntry>[] = [
  {header: 'URL', value: (r) => r.uri},
  {header: 'SOURCE', value: (r) => SOURCES[r.source]},
]

/** One line on how the emulator matches redirect URLs. */
export function matchingRule(strict: boolean): string {
  return strict
    ? 'Strict: only these URLs are accepted (a loopback one on any port).'
    : 'Also accepted: any http loopback URL (localhost, 127.0.0.0/8, [::1]) on any port and path. Start with --strict-redirects to accept only these.'
}
