import {Args} from '@oclif/core'

import {deleteUser, describeUser, parseUserRef} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'

export default class UsersDelete extends ApiCommand<typeof UsersDelete> {
  static override args = {
    user: Args.string({description: 'User id (usr_…), email or external id.', required: true}),
  }
  static override description =
    'Deletes a user and all their memberships, permanently. Asks first; pass --yes in scripts. To take a user out of one organization only, use skctl memberships remove.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> usr_63261017403310090',
    '<%= config.bin %> <%= command.id %> jane@acme.com --yes --json',
  ]
  static override summary = 'Delete a user.'

  async run(): Promise<{deleted: true; id: string}> {
    const ref = parseUserRef(this.args.user)
    await this.confirm(`Delete user ${describeUser(ref)} and all their memberships?`)
    const {id} = await deleteUser(await this.api(), ref)
    this.log(`Deleted user ${id}.`)
    return {deleted: true, id}
  }
}
