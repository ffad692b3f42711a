import {Args, Flags} from '@oclif/core'

import {parseSessionId, type RevokeResult, revokeAllUserSessions, revokeSession} from '../../api/sessions.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {safe} from '../../output/escape.js'
import {count} from '../../output/plural.js'

export default class SessionsRevoke extends ApiCommand<typeof SessionsRevoke> {
  static override args = {
    session: Args.string({description: 'Session id (ses_…) to revoke.'}),
  }
  static override description =
    'Revokes one session, or with --user and --all every active session of a user (an offboarded employee): their refresh tokens stop working and they must sign in again. Revoking every session asks first; pass --yes in scripts. Access tokens already issued stay valid until they expire (minutes), as with any JWT.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> ses_63261017403310123',
    '<%= config.bin %> <%= command.id %> --user jane@acme.com --all',
    '<%= config.bin %> <%= command.id %> --user usr_63261017403310090 --all --yes --json',
  ]
  static override flags = {
    all: Flags.boolean({description: 'Revoke every active session of --user.', dependsOn: ['user']}),
    user: Flags.string({description: 'User: id (usr_…), email or external id; with --all.', exclusive: ['session']}),
  }
  static override summary = 'Revoke a session, or all sessions of a user.'

  async run(): Promise<RevokeResult & {userId?: string}> {
    const {all, user} = this.flags
    if (user !== undefined) {
      if (this.args.session) throw usageError('pass a session id or --user, not both')
      if (!all)
        throw usageError('--user revokes every session of the user', 'add --all to confirm that is what you want')
      // Asked before any call: a script without --yes stops at once, having changed nothing.
      await this.confirm(`Revoke every active session of user ${user}?`)
      const api = await this.api()
      const userId = await resolveUserId(api, user)
      const result = await revokeAllUserSessions(api, userId)
      this.log(safe`Revoked ${count(result.totalRevoked, 'session')} of user ${userId}.`)
      return {userId, ...result}
    }
    if (!this.args.session) {
      throw usageError(
        'name the session',
        'pass a session id (ses_…), or --user USER --all for every session of a user',
      )
    }
    const sessionId = parseSessionId(this.args.session)
    const result = await revokeSession(await this.api(), sessionId)
    const status = result.revokedSessions[0]?.status
    this.log(
      result.totalRevoked ? `Revoked session ${sessionId}.` : safe`Session ${sessionId} had already ended (${status}).`,
    )
    return result
  }
}
