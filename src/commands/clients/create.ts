import {Flags} from '@oclif/core'

import {createM2MClient} from '../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {claimFlag, parseClaims} from '../../claims.js'
import {invalidInput} from '../../errors.js'
import {requiredOrgFlag} from '../../flags.js'
import {parseDuration} from '../../onboarding/wait.js'
import {m2mClientRecord} from '../../output/credentials.js'
import {writeShownOnce} from '../../output/shown-once.js'

/** Scalekit's shortest token lifetime for M2M clients. */
const MIN_EXPIRY_SECONDS = 300

export default class ClientsCreate extends ApiCommand<typeof ClientsCreate> {
  static override description = `Creates a machine-to-machine client for an organization: the customer's system exchanges its client id and secret for access tokens (the OAuth client-credentials grant) that carry the organization (oid), the scopes, the audience and the custom claims, and that your API validates with the SDK's validateAccessToken and verifyScopes.
The first secret is printed once (in --json, as "plainSecret") and cannot be shown again. Try the client with: skctl token --client ID.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --name "Acme billing sync" --scope invoices:read --scope invoices:write',
    '<%= config.bin %> <%= command.id %> --org acme-42 --name Deployer --audience deploy-api.example.com --claim env=prod --expiry 15m --json',
  ]
  static override flags = {
    audience: Flags.string({
      description: "An audience (aud) of its tokens, e.g. your API's URL; repeat for several.",
      multiple: true,
    }),
    claim: claimFlag,
    description: Flags.string({description: 'What the client is for.'}),
    expiry: Flags.string({description: 'Lifetime of its access tokens, e.g. 15m or 1h (at least 5m). [default: 1h]'}),
    name: Flags.string({description: 'Display name, e.g. the integration it belongs to.', required: true}),
    org: requiredOrgFlag,
    scope: Flags.string({
      description: 'A scope its tokens carry, e.g. invoices:read; repeat for several.',
      multiple: true,
    }),
  }
  static override summary = 'Create an M2M client (its secret shown once).'

  async run(): Promise<void> {
    const name = this.flags.name.trim()
    if (!name) throw invalidInput('--name must not be empty')
    const customClaims = parseClaims(this.flags.claim)
    const expirySeconds = this.flags.expiry === undefined ? undefined : expiryOf(this.flags.expiry)
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const created = await createM2MClient(api, organizationId, {
      audience: this.flags.audience,
      customClaims,
      description: this.flags.description,
      expirySeconds,
      name,
      scopes: this.flags.scope,
    })
    writeShownOnce(created, [...m2mClientRecord(created.client), ['client secret', created.plainSecret]], {
      chalk: this.chalk,
      json: this.jsonEnabled(),
    })
    this.note('The secret is shown once: hand it to the integration now. It cannot be shown again.')
  }
}

function expiryOf(value: string): number {
  const seconds = Math.round(parseDuration('expiry', value) / 1000)
  if (seconds < MIN_EXPIRY_SECONDS) {
    throw invalidInput(`--expiry ${value} is shorter than 5 minutes`, 'tokens of M2M clients live at least 5m')
  }
  return seconds
}
