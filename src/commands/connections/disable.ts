import {Args} from '@oclif/core'

import {setConnectionEnabled} from '../../api/connections.js'
import type {ToggleResult} from '../../api/toggle.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {safe} from '../../output/escape.js'

export default class ConnectionsDisable extends ApiCommand<typeof ConnectionsDisable> {
  static override args = {
    id: Args.string({description: 'Connection id (conn_…).', required: true}),
  }
  static override description =
    "Disables an SSO connection: the organization's users can no longer log in through it until it is enabled again. Disabling one that is already disabled changes nothing."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 conn_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Disable an SSO connection.'

  async run(): Promise<ToggleResult> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const result = await setConnectionEnabled(api, organizationId, this.args.id.trim(), false)
    this.log(safe`Connection ${result.id} is disabled.`)
    return result
  }
}
