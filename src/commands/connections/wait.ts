import type {CheckedConnection} from '../../checks/connections.js'
import {requiredOrgFlag} from '../../flags.js'
import {connectionFix, connectionProbe, organizationToWaitOn} from '../../onboarding/ready.js'
import {WaitCommand, waitFlags} from '../../onboarding/wait-command.js'

export interface ConnectionsWaitResult {
  connection: CheckedConnection
  elapsedMs: number
  organizationId: string
  ready: true
}

export default class ConnectionsWait extends WaitCommand<typeof ConnectionsWait> {
  static override description = `Waits until the customer's IT admin has finished setting up SSO: until the organization has a connection that is completed (configured and tested) and enabled — the rule \`connections check\` applies. For scripts that hand off (e.g. \`skctl portal link\`) and then continue.
Checks every --interval (2 s, growing to 30 s); on a terminal shows a spinner, otherwise prints a line on stderr each time the state changes. Exit 0 when ready (the connection is printed), 6 when --timeout passes (the error says what is missing and how to fix it), 4 for an unknown organization, 130 on Ctrl-C.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --timeout 2h --json',
  ]
  static override flags = {...waitFlags, org: requiredOrgFlag}
  static override summary = 'Wait until an organization has a completed, enabled SSO connection.'

  async run(): Promise<ConnectionsWaitResult> {
    const api = await this.api()
    const org = await organizationToWaitOn(api, this.flags.org)
    const {elapsedMs, probe} = await this.waitFor(`an SSO connection of ${org.id}`, connectionProbe(api, org), (last) =>
      connectionFix(org, last.value.connections),
    )
    const connection = probe.value.connection as CheckedConnection
    this.record([
      ['organization', org.id],
      ['connection', connection.id],
      ['provider', connection.provider],
      ['status', connection.status],
      ['enabled', connection.enabled ? 'yes' : 'no'],
    ])
    return {connection, elapsedMs, organizationId: org.id, ready: true}
  }
}
