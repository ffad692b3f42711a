import type {ChalkInstance} from 'chalk'

import type {AuthLogJson} from '../api/auth-logs.js'
import {escapeTerminal, styled} from './escape.js'
import type {Column} from './table.js'

/** FAILED in red and SUCCESS in green (on a colour terminal): the status is what "why did the login fail" looks for. */
function status(chalk: ChalkInstance, value: string) {
  const paint = value === 'FAILED' ? chalk.red : value === 'SUCCESS' ? chalk.green : (text: string) => text
  return styled(paint(escapeTerminal(value)))
}

export function authLogColumns(chalk: ChalkInstance): Column<AuthLogJson>[] {
  return [
    {header: 'TIME', value: (entry) => entry.timestamp},
    {header: 'STATUS', value: (entry) => status(chalk, entry.status)},
    {header: 'EMAIL', value: (entry) => entry.email},
    {header: 'ORGANIZATION', value: (entry) => entry.organizationId},
    {header: 'CONNECTION', value: (entry) => [entry.connectionId, entry.connectionType].filter(Boolean).join(' ')},
    {header: 'REQUEST', value: (entry) => entry.authRequestId},
  ]
}
