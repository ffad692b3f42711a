import {Args} from '@oclif/core'

import {type EmailSent, resendPasswordlessEmail} from '../../api/passwordless.js'
import {ApiCommand} from '../../base-command.js'
import {sentRecord} from '../../output/passwordless.js'

export default class PasswordlessResend extends ApiCommand<typeof PasswordlessResend> {
  static override args = {
    authRequestId: Args.string({
      description: 'The auth request id printed by skctl passwordless send.',
      required: true,
    }),
  }
  static override description =
    'Mails the sign-in email of an auth request again, with a fresh expiry. When the environment has "new credentials on resend" on (the emulator\'s default), the email carries a new code or link and the previous one stops working. Counts toward the limit of 2 emails per minute per address.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> Xq3v9FhR2sT0yW8mZb1cK4nL6pD7eG5a',
    '<%= config.bin %> <%= command.id %> Xq3v9FhR2sT0yW8mZb1cK4nL6pD7eG5a --json',
  ]
  static override summary = 'Send a passwordless email again.'

  async run(): Promise<EmailSent> {
    const sent = await resendPasswordlessEmail(await this.api(), this.args.authRequestId.trim())
    this.note(this.chalk.green('Sent the passwordless email again.'))
    this.record(sentRecord(sent))
    return sent
  }
}
