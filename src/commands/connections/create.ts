import {Flags} from '@oclif/core'

import {CONNECTION_PROVIDERS, IDP_SIMULATOR} from '../../api/connection-providers.js'
import {createConnection} from '../../api/connections.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand, apiFlagsWithoutClientId} from '../../base-command.js'
import {readClientSecret} from '../../connections/client-secret.js'
import {type ConnectionDetails, connectionDetails} from '../../connections/idp-setup.js'
import {OIDC_FLAGS, readSettings, SAML_FLAGS} from '../../connections/settings-input.js'
import {usageError} from '../../errors.js'
import {connectionSettingsFlags, requiredOrgFlag} from '../../flags.js'
import {connectionRecord, findingLine} from '../../output/connections.js'

export default class ConnectionsCreate extends ApiCommand<typeof ConnectionsCreate> {
  // --client-id is the IdP's OIDC client id here; the API's comes from SCALEKIT_CLIENT_ID or the profile.
  static override baseFlags = apiFlagsWithoutClientId()
  static override description = `Creates an SSO connection for an organization and, with settings flags, configures it in the same step.
SAML settings come from the IdP's metadata (--metadata-url or --metadata-file) or by hand (--entity-id, --sso-url and --certificate). They are checked before anything is sent: an entity id, an https sign-in URL with the HTTP-Redirect or HTTP-POST binding, and a signing certificate that is readable and not expired. Problems stop the command (exit 2) and say what to ask the customer for; a certificate expiring within 30 days, a key under 2048 bits or SHA-1 are warnings.
OIDC settings are --issuer and --client-id; the client secret is read from standard input (--client-secret-stdin) or asked for on a terminal, never taken as a flag value.
Without settings the connection is a draft the customer's IT admin can finish in the admin portal (skctl portal link ORG). Connections start disabled: pass --enable, or run skctl connections enable later. --provider idp-simulator makes a connection to the IdP simulator (it needs no settings), for trying SSO before the customer's IdP is ready.
The output includes what the IdP needs: the SP entity id and ACS URL (SAML) or the redirect URI (OIDC), and the attribute mapping.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --type saml --provider okta --metadata-url https://acme.okta.com/app/exk1/sso/saml/metadata',
    '<%= config.bin %> <%= command.id %> --org acme-42 --type saml --provider microsoft-ad --metadata-file entra.xml --enable',
    'printf %s "$OIDC_SECRET" | <%= config.bin %> <%= command.id %> --org acme-42 --type oidc --provider okta --issuer https://acme.okta.com --client-id 0oa1 --client-secret-stdin',
    '<%= config.bin %> <%= command.id %> --org acme-42 --provider idp-simulator --enable --json',
  ]
  static override flags = {
    ...connectionSettingsFlags,
    enable: Flags.boolean({description: 'Enable the connection once it is created (connections start disabled).'}),
    org: requiredOrgFlag,
    provider: Flags.string({
      description: 'The identity provider (idp-simulator: the IdP simulator, no settings needed).',
      options: [...CONNECTION_PROVIDERS],
      required: true,
    }),
    type: Flags.string({
      description: 'SAML or OIDC (an idp-simulator connection is OIDC unless you say otherwise).',
      options: ['saml', 'oidc'],
    }),
  }
  static override summary = 'Create (and configure) an SSO connection.'

  async run(): Promise<ConnectionDetails> {
    const {flags} = this
    const provider = flags.provider as (typeof CONNECTION_PROVIDERS)[number]
    const simulator = provider === IDP_SIMULATOR
    if (!flags.type && !simulator) throw usageError('--type is required', 'pass --type saml or --type oidc')
    const type = (flags.type ?? 'oidc').toUpperCase() as 'OIDC' | 'SAML'
    const settings = [...SAML_FLAGS, ...OIDC_FLAGS].filter((name) => flags[name] !== undefined && flags[name] !== false)
    if (simulator && settings.length > 0) {
      throw usageError(`the IdP simulator takes no IdP settings (--${settings[0]})`, 'leave the settings flags out')
    }
    const {changes, warnings} = await readSettings(flags, type)
    const clientSecret = await readClientSecret(flags, {interactive: this.interactive, required: Boolean(changes.oidc)})
    if (changes.oidc && clientSecret) changes.oidc.clientSecret = clientSecret
    for (const warning of warnings) this.warning(findingLine(warning))

    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, flags.org)
    const connection = await createConnection(api, organizationId, {changes, enable: flags.enable, provider, type})
    const details = connectionDetails(connection, api.credentials.environmentUrl, warnings)
    this.record(connectionRecord(details))
    this.note(`Created connection ${connection.id}${connection.enabled ? ' (enabled)' : ''}.`)
    if (!connection.enabled)
      this.note(`Enable it when ready: skctl connections enable --org ${flags.org} ${connection.id}`)
    return details
  }
}
