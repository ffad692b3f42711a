import {Args} from '@oclif/core'

import {hasChanges, updateConnection} from '../../api/connections.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand, apiFlagsWithoutClientId} from '../../base-command.js'
import {readClientSecret} from '../../connections/client-secret.js'
import {type ConnectionDetails, connectionDetails} from '../../connections/idp-setup.js'
import {readSettings} from '../../connections/settings-input.js'
import {usageError} from '../../errors.js'
import {connectionSettingsFlags, requiredOrgFlag} from '../../flags.js'
import {connectionRecord, findingLine} from '../../output/connections.js'

export default class ConnectionsUpdate extends ApiCommand<typeof ConnectionsUpdate> {
  static override args = {
    id: Args.string({description: 'Connection id (conn_…).', required: true}),
  }
  // --client-id is the IdP's OIDC client id here; the API's comes from SCALEKIT_CLIENT_ID or the profile.
  static override baseFlags = apiFlagsWithoutClientId()
  static override description = `Changes an SSO connection's settings and keeps the ones not given (the stored client secret too).
New SAML metadata or IdP values are checked first, as connections create does: problems stop the command (exit 2) before anything is sent, warnings are printed. A new OIDC client secret comes from standard input (--client-secret-stdin), never from a flag value.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228 --metadata-file new-okta-metadata.xml',
    'printf %s "$NEW_SECRET" | <%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228 --client-secret-stdin',
    '<%= config.bin %> <%= command.id %> --org acme-42 conn_59615204644553228 --attribute email=user.mail --json',
  ]
  static override flags = {...connectionSettingsFlags, org: requiredOrgFlag}
  static override summary = 'Change the settings of an SSO connection.'

  async run(): Promise<ConnectionDetails> {
    const {flags} = this
    const {changes, warnings} = await readSettings(flags, undefined, 'update')
    const clientSecret = await readClientSecret(flags, {interactive: this.interactive, required: false})
    if (clientSecret) changes.oidc = {...changes.oidc, clientSecret}
    if (!hasChanges(changes)) {
      throw usageError('nothing to change', 'pass settings to change, e.g. --metadata-file FILE or --client-id ID')
    }
    for (const warning of warnings) this.warning(findingLine(warning))
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, flags.org)
    const connection = await updateConnection(api, organizationId, this.args.id.trim(), changes)
    const details = connectionDetails(connection, api.credentials.environmentUrl, warnings)
    this.record(connectionRecord(details))
    this.note(`Updated connection ${connection.id}.`)
    return details
  }
}
