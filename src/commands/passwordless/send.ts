import {Args, Flags} from '@oclif/core'

import {
  checkSendOptions,
  type EmailSent,
  PASSWORDLESS_TYPES,
  type PasswordlessTypeName,
  sendPasswordlessEmail,
  TEMPLATES,
  type TemplateName,
} from '../../api/passwordless.js'
import {ApiCommand} from '../../base-command.js'
import {setEmulatorPasswordlessType} from '../../emulator-control/passwordless.js'
import {parseKeyValues} from '../../input.js'
import {sentRecord} from '../../output/passwordless.js'

export type PasswordlessSendResult = EmailSent & {email: string}

export default class PasswordlessSend extends ApiCommand<typeof PasswordlessSend> {
  static override args = {
    email: Args.string({description: 'Address to send the code or magic link to.', required: true}),
  }
  static override description = `Sends a passwordless sign-in email: a one-time code, a magic link, or both, as the environment is set up (in Scalekit the type is an environment setting; --type changes it only on the local emulator). Prints the auth request id to verify against and when the email expires.
Scalekit mails at most 2 passwordless emails per minute to one address, sends and resends together. On the emulator the email lands in its outbox: skctl emulator outbox --to EMAIL.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> jane@acme.com',
    '<%= config.bin %> <%= command.id %> jane@acme.com --type link --magiclink-uri https://app.acme.com/passwordless/verify --json',
    '<%= config.bin %> <%= command.id %> jane@acme.com --template signup --expires-in 600 --state xyz --var team=Alpha',
  ]
  static override flags = {
    'expires-in': Flags.integer({
      description: 'Seconds until the code or link expires. [default: 300]',
      max: 4_294_967_295,
      min: 1,
    }),
    'magiclink-uri': Flags.string({
      description: "Your app's page that finishes a magic-link sign-in; the email links to it with ?link_token=…",
    }),
    state: Flags.string({description: 'Opaque value returned by verify, e.g. to bind the sign-in to a session.'}),
    template: Flags.string({description: 'Email template.', options: Object.keys(TEMPLATES)}),
    type: Flags.string({
      description: 'Local emulator only: switch its passwordless type first (an environment setting in Scalekit).',
      options: Object.keys(PASSWORDLESS_TYPES),
    }),
    var: Flags.string({
      description: `Template variable as key=value; repeat for several (at most 30; otp, link, expiry_time, expire_time and expiry_time_relative are reserved).`,
      multiple: true,
    }),
  }
  static override summary = 'Send a passwordless sign-in email (code or magic link).'

  async run(): Promise<PasswordlessSendResult> {
    const options = {
      expiresIn: this.flags['expires-in'],
      magiclinkUri: this.flags['magiclink-uri'],
      state: this.flags.state,
      template: this.flags.template as TemplateName | undefined,
      type: this.flags.type as PasswordlessTypeName | undefined,
      variables: parseKeyValues(this.flags.var, 'var'),
    }
    const email = checkSendOptions(this.args.email, options)
    const api = await this.api()
    if (options.type) {
      await setEmulatorPasswordlessType(api.credentials, options.type)
      this.note(`The emulator now sends ${PASSWORDLESS_TYPES[options.type]} emails.`)
    }
    const sent = await sendPasswordlessEmail(api, email, options)
    this.note(this.chalk.green(`Sent a passwordless email to ${email}.`))
    this.record(sentRecord({...sent, email}))
    return {...sent, email}
  }
}
