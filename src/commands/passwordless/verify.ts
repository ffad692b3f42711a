import {Flags} from '@oclif/core'

import {type Credential, type EmailVerified, linkTokenOf, verifyPasswordlessEmail} from '../../api/passwordless.js'
import {ApiCommand} from '../../base-command.js'
import {verifiedRecord} from '../../output/passwordless.js'
import {readSecretFromStdin} from '../../stdin.js'
import {safe} from '../../output/escape.js'

export default class PasswordlessVerify extends ApiCommand<typeof PasswordlessVerify> {
  static override description = `Checks a one-time code or magic-link token and prints the email address it proves, with the state and template of the send. A code needs the auth request id; a link token needs it too when the environment enforces the same browser origin.
Each code or link works once and until it expires; after 5 wrong codes in 10 minutes the auth request is locked. Both are short-lived one-time credentials: pass "-" to read one from standard input instead of the command line.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --code 123456 --auth-request-id Xq3v9FhR2sT0yW8mZb1cK4nL6pD7eG5a',
    '<%= config.bin %> <%= command.id %> --link-token 3f6c1b0e-8a4d-4a1e-9c8b-2d7e5f0a9b1c_l --json',
    'pbpaste | <%= config.bin %> <%= command.id %> --code - --auth-request-id Xq3v9FhR2sT0yW8mZb1cK4nL6pD7eG5a',
  ]
  static override flags = {
    'auth-request-id': Flags.string({description: 'The auth request id printed by skctl passwordless send.'}),
    code: Flags.string({
      dependsOn: ['auth-request-id'],
      description: 'The one-time code from the email ("-" reads it from standard input).',
      exactlyOne: ['code', 'link-token'],
    }),
    'link-token': Flags.string({
      description: 'The link_token of the magic link, or the whole link ("-" reads it from standard input).',
      exactlyOne: ['code', 'link-token'],
    }),
  }
  static override summary = 'Verify a passwordless code or magic link.'

  async run(): Promise<EmailVerified> {
    const {code, 'link-token': linkToken} = this.flags
    const credential: Credential =
      code === undefined
        ? {linkToken: linkTokenOf(linkToken === '-' ? await readSecretFromStdin('--link-token -') : (linkToken ?? ''))}
        : {code: code === '-' ? await readSecretFromStdin('--code -') : code.trim()}
    const verified = await verifyPasswordlessEmail(await this.api(), credential, this.flags['auth-request-id']?.trim())
    this.note(this.chalk.green(safe`Verified ${verified.email}.`))
    this.record(verifiedRecord(verified))
    return verified
  }
}
