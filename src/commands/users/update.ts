import {Args, Flags} from '@oclif/core'

import {parseUserRef, updateUser, type UserJson} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {metadataFlag} from '../../flags.js'
import {assertExternalId, parseKeyValues} from '../../input.js'
import {userRecord} from '../../output/users.js'
import {safe} from '../../output/escape.js'

export default class UsersUpdate extends ApiCommand<typeof UsersUpdate> {
  static override args = {
    user: Args.string({description: 'User id (usr_…), email or external id.', required: true}),
  }
  static override description =
    'Changes only the fields you pass. Metadata keys are merged into the existing ones; `--metadata key=` removes a key.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> jane@acme.com --first-name Janet',
    '<%= config.bin %> <%= command.id %> usr_63261017403310090 --external-id crm-982 --metadata team=sales',
  ]
  static override flags = {
    'external-id': Flags.string({description: 'New external id.'}),
    'first-name': Flags.string({description: 'New given name.'}),
    'last-name': Flags.string({description: 'New family name.'}),
    metadata: metadataFlag,
  }
  static override summary = 'Update a user.'

  async run(): Promise<UserJson> {
    const {flags} = this
    const metadata = parseKeyValues(flags.metadata)
    const externalId = assertExternalId(flags['external-id'])
    const firstName = flags['first-name']
    const lastName = flags['last-name']
    if (!metadata && externalId === undefined && firstName === undefined && lastName === undefined) {
      throw usageError('nothing to update', 'pass --first-name, --last-name, --external-id or --metadata')
    }
    const user = await updateUser(await this.api(), parseUserRef(this.args.user), {
      externalId,
      firstName,
      lastName,
      metadata,
    })
    this.note(this.chalk.green(safe`Updated user ${user.id}.`))
    this.record(userRecord(user))
    return user
  }
}
