import {Args} from '@oclif/core'

import {getConnection} from '../../api/connections.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {type ConnectionDetails, connectionDetails} from '../../connections/idp-setup.js'
import {requiredOrgFlag} from '../../flags.js'
import {connectionRecord} from '../../output/connections.js'

export default class ConnectionsGet extends ApiCommand<typeof ConnectionsGet> {
  static override args = {
    id: Args.string({description: 'Connection id (conn_…).', required: true}),
  }
  static override description = `Shows one SSO connection with its type, provider, status, domains and full settings, and what the customer's IdP needs: the SP entity id, ACS URL and SP metadata URL (SAML) or the redirect URI (OIDC), and the attribute mapping (--json: idpSetup).
Credentials in the settings (client secrets, service-account keys) are masked.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 conn_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Show an SSO connection and the values its IdP needs.'

  async run(): Promise<ConnectionDetails> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const connection = await getConnection(api, organizationId, this.args.id.trim())
    const details = connectionDetails(connection, api.credentials.environmentUrl)
    this.record(connectionRecord(details))
    return details
  }
}
