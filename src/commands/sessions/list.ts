import {Flags} from '@oclif/core'

import {listUserSessions, SESSION_STATUSES, type SessionJson} from '../../api/sessions.js'
import {resolveUserId} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {limitOf, listFlags, userFlag} from '../../flags.js'
import type {ListSummary} from '../../output/list.js'
import {sessionColumns} from '../../output/sessions.js'

/** The JSON document it prints, written as the pages arrive. */
export interface SessionsListResult {
  sessions: SessionJson[]
  totalSize?: number
  truncated: boolean
}

export default class SessionsList extends ApiCommand<typeof SessionsList> {
  static override description =
    "Lists a user's sessions (one per sign-in) with their status, organization, activity and device: who is signed in where, before you revoke."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --user jane@acme.com',
    '<%= config.bin %> <%= command.id %> --user usr_63261017403310090 --status active --json',
  ]
  static override flags = {
    ...listFlags,
    status: Flags.string({
      description: 'Only sessions with this status; repeat for several.',
      multiple: true,
      options: [...SESSION_STATUSES],
    }),
    user: userFlag,
  }
  static override summary = "List a user's sessions."

  async run(): Promise<ListSummary> {
    const api = await this.api()
    const userId = await resolveUserId(api, this.flags.user)
    return this.list(listUserSessions(api, userId, {limit: limitOf(this.flags), statuses: this.flags.status}), {
      columns: sessionColumns,
      key: 'sessions',
      noun: 'sessions',
    })
  }
}
