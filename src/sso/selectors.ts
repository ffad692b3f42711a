import {Flags} from '@oclif/core'

import {usageError} from '../errors.js'
import type {Selectors} from './flow.js'

/** The connection selectors of the authorize endpoint, as flags; Scalekit's precedence decides between them. */
export const selectorFlags = {
  connection: Flags.string({description: 'Select this connection (conn_…).'}),
  domain: Flags.string({description: 'Select the connection of this email domain.'}),
  'login-hint': Flags.string({description: "A user's email; its domain selects the connection."}),
  org: Flags.string({description: 'Select the first enabled connection of this organization (org_… or external id).'}),
}

export function selectorsFrom(flags: {
  connection?: string
  domain?: string
  'login-hint'?: string
  org?: string
}): Selectors {
  const selectors = {
    connectionId: flags.connection,
    domain: flags.domain,
    loginHint: flags['login-hint'],
    organizationId: flags.org,
  }
  if (!Object.values(selectors).some(Boolean)) {
    throw usageError('choose the connection', 'pass --org, --connection, --domain or --login-hint')
  }
  return selectors
}
