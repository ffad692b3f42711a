import {Args, Flags} from '@oclif/core'

import {getUser, parseUserRef, type UserJson, type UserRef} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {userRecord} from '../../output/users.js'

export default class UsersGet extends ApiCommand<typeof UsersGet> {
  static override args = {
    user: Args.string({description: 'User id (usr_…), email or external id.'}),
  }
  static override description = 'Shows one user with their profile, metadata and organization memberships.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> usr_63261017403310090',
    '<%= config.bin %> <%= command.id %> --email jane@acme.com',
    '<%= config.bin %> <%= command.id %> --external-id crm-981 --json',
  ]
  static override flags = {
    email: Flags.string({description: 'Look the user up by email.', exclusive: ['user', 'external-id']}),
    'external-id': Flags.string({description: 'Look the user up by your external id.', exclusive: ['user', 'email']}),
  }
  static override summary = 'Show a user.'

  async run(): Promise<UserJson> {
    const {email} = this.flags
    const externalId = this.flags['external-id']
    const ref: UserRef | undefined = email
      ? {email}
      : externalId
        ? {externalId}
        : this.args.user
          ? parseUserRef(this.args.user)
          : undefined
    if (!ref) throw usageError('name the user', 'pass an id (usr_…), --email or --external-id')
    const user = await getUser(await this.api(), ref)
    this.record(userRecord(user))
    return user
  }
}
