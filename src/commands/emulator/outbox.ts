import {Flags} from '@oclif/core'
import {setTimeout as delay} from 'node:timers/promises'

import {assertEmail} from '../../api/users.js'
import {pagesOf} from '../../api/paginate.js'
import {ApiCommand} from '../../base-command.js'
import {locateEmulator} from '../../emulator-control/admin-client.js'
import {type OutboxMessage, readOutbox} from '../../emulator-control/passwordless.js'
import {CliError} from '../../errors.js'
import type {ListSummary} from '../../output/list.js'
import {followHeader, followRow, outboxColumns} from '../../output/passwordless.js'

/** Often enough to feel live, rare enough to cost nothing. */
const POLL_MS = 500

/** The JSON document it prints without --follow. */
export interface EmulatorOutboxResult {
  messages: OutboxMessage[]
}

export default class EmulatorOutbox extends ApiCommand<typeof EmulatorOutbox> {
  static override description = `Lists the emails the emulator would have sent, oldest first: passwordless codes and magic links (with the auth request each belongs to), and invitations to organizations (type INVITATION) with the link that accepts them — open it in a browser and the membership becomes active. The emulator keeps the last 1000; skctl emulator reset empties the outbox.
The emulator is the configured environment when it is one (flags, SCALEKIT_* variables, profile), else the one skctl emulator start runs. Apps' tests read the same list from GET /_emulator/outbox.
With --follow it keeps printing new emails until Ctrl-C (with --json, one JSON object per line).`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --to jane@acme.com --json',
    '<%= config.bin %> <%= command.id %> --follow',
  ]
  static override flags = {
    follow: Flags.boolean({char: 'f', description: 'Keep printing new emails as they are sent, until Ctrl-C.'}),
    to: Flags.string({description: 'Only emails to this address (any case).'}),
  }
  static override summary = "List the emails in the local emulator's outbox."

  protected override get jsonLines(): boolean {
    return Boolean(this.flags?.follow)
  }

  async run(): Promise<ListSummary | undefined> {
    const to = this.flags.to === undefined ? undefined : assertEmail(this.flags.to)
    const emulator = await locateEmulator(this.config.configDir, await this.credentials(), () => this.profiles())
    const messages = await readOutbox(emulator, {to})
    if (!this.flags.follow) {
      return this.list(pagesOf(messages), {
        columns: outboxColumns,
        empty: to ? `No emails to ${to}.` : 'The outbox is empty.',
        key: 'messages',
        noun: 'emails',
        paged: false,
      })
    }

    if (!this.jsonEnabled()) this.log(this.chalk.bold(followHeader()))
    this.note(this.chalk.dim(`Waiting for emails from ${emulator.url}; Ctrl-C to stop.`))
    let batch = messages
    let after: string | undefined
    for (;;) {
      for (const message of batch) {
        if (this.jsonEnabled()) this.logJson(message)
        else this.log(followRow(message))
      }
      after = batch.at(-1)?.id ?? after
      await delay(POLL_MS)
      batch = await readOutbox(emulator, {after, to}).catch((error: unknown) => {
        if (!(error instanceof CliError && error.code === 'unreachable')) throw error
        throw new CliError('unreachable', `the emulator at ${emulator.url} stopped answering`, {
          cause: error,
          hint: 'start it again with skctl emulator start, then follow again',
        })
      })
    }
  }
}
