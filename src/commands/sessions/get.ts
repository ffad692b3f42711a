import {Args} from '@oclif/core'

import {getSession, parseSessionId, type SessionJson} from '../../api/sessions.js'
import {ApiCommand} from '../../base-command.js'
import {sessionRecord} from '../../output/sessions.js'

export default class SessionsGet extends ApiCommand<typeof SessionsGet> {
  static override args = {
    session: Args.string({description: 'Session id (ses_…).', required: true}),
  }
  static override description =
    'Shows one session: its status, user, organization, timeouts, when it ended and the device it was started from.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> ses_63261017403310123',
    '<%= config.bin %> <%= command.id %> ses_63261017403310123 --json',
  ]
  static override summary = 'Show a session.'

  async run(): Promise<SessionJson> {
    const session = await getSession(await this.api(), parseSessionId(this.args.session))
    this.record(sessionRecord(session))
    return session
  }
}
