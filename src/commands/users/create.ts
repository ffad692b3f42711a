import {Flags} from '@oclif/core'

import {resolveOrganizationId} from '../../api/organizations.js'
import {assertEmail, createUser, type UserJson} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {metadataFlag, requiredOrgFlag, roleFlag} from '../../flags.js'
import {assertExternalId, assertRoleNames, parseKeyValues} from '../../input.js'
import {userRecord} from '../../output/users.js'
import {safe} from '../../output/escape.js'

export default class UsersCreate extends ApiCommand<typeof UsersCreate> {
  static override description = `Creates a user and their membership of an organization.
Without an invitation (the default) the membership is active and the email counts as verified, as Scalekit documents for migrations; with --invite Scalekit emails an invitation and the membership stays pending until it is accepted.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --email jane@acme.com --first-name Jane --last-name Doe',
    '<%= config.bin %> <%= command.id %> --org acme-42 --email sam@acme.com --invite --role admin',
    '<%= config.bin %> <%= command.id %> --org acme-42 --email ops@acme.com --external-id crm-981 --metadata team=ops --json',
  ]
  static override flags = {
    email: Flags.string({description: 'Email address (unique in the environment).', required: true}),
    'external-id': Flags.string({description: 'Your own id for this user.'}),
    'first-name': Flags.string({description: 'Given name.'}),
    invite: Flags.boolean({
      allowNo: true,
      default: false,
      description: 'Send an invitation email (membership pending until accepted). --no-invite: active at once.',
    }),
    'last-name': Flags.string({description: 'Family name.'}),
    metadata: metadataFlag,
    org: requiredOrgFlag,
    role: roleFlag,
  }
  static override summary = 'Create a user in an organization.'

  async run(): Promise<UserJson> {
    const {flags} = this
    const email = assertEmail(flags.email)
    const metadata = parseKeyValues(flags.metadata)
    const roles = assertRoleNames(flags.role)
    const api = await this.api()
    const user = await createUser(api, await resolveOrganizationId(api, flags.org), {
      email,
      externalId: assertExternalId(flags['external-id']),
      firstName: flags['first-name'],
      invite: flags.invite,
      lastName: flags['last-name'],
      metadata,
      roles,
    })
    this.note(this.chalk.green(safe`Created user ${user.id}${flags.invite ? ' and sent an invitation' : ''}.`))
    this.record(userRecord(user))
    return user
  }
}
