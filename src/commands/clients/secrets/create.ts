import {Args} from '@oclif/core'

import {createClientSecret, parseM2MClientId} from '../../../api/m2m-clients.js'
import {resolveOrganizationId} from '../../../api/organizations.js'
import {ApiCommand} from '../../../base-command.js'
import {requiredOrgFlag} from '../../../flags.js'
import {secretLine} from '../../../output/credentials.js'
import {writeShownOnce} from '../../../output/shown-once.js'

export default class ClientsSecretsCreate extends ApiCommand<typeof ClientsSecretsCreate> {
  static override args = {
    client: Args.string({description: 'M2M client id (m2morg_…).', required: true}),
  }
  static override description = `Adds a secret to an M2M client (at most 5), for rotation: hand the new one over, then delete the old one with skctl clients secrets delete. The other secrets keep working meanwhile.
The secret is printed once (in --json, as "plainSecret") and cannot be shown again.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423',
    '<%= config.bin %> <%= command.id %> --org acme-42 m2morg_69038819013296423 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Add a secret to an M2M client (shown once).'

  async run(): Promise<void> {
    const clientId = parseM2MClientId(this.args.client)
    const api = await this.api()
    const created = await createClientSecret(api, await resolveOrganizationId(api, this.flags.org), clientId)
    const record: Array<[string, string]> = [
      ['client', clientId],
      ['secret', secretLine(created.secret)],
      ['client secret', created.plainSecret],
    ]
    writeShownOnce(created, record, {chalk: this.chalk, json: this.jsonEnabled()})
    this.note('Shown once: hand it to the integration now. It cannot be shown again.')
  }
}
