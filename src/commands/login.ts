import {Flags} from '@oclif/core'

import {Api} from '../api/client.js'
import {BaseCommand} from '../base-command.js'
import {environmentKind, normaliseEnvironmentUrl} from '../config/url.js'
import {usageError} from '../errors.js'
import {registerSecret} from '../redact.js'
import {readSecretFromStdin} from '../stdin.js'

export interface LoginResult {
  clientId: string
  environment: string
  environmentUrl: string
  profile: string
  secretStorage: 'file' | 'keychain'
}

export default class Login extends BaseCommand<typeof Login> {
  static override description = `Checks the credentials by minting an access token, then saves them as a profile and makes it active.
The client secret goes to the OS keychain when one is usable, otherwise to the config file (mode 0600).
Without a terminal, pass --environment-url and --client-id (or SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID) and the secret through --client-secret-stdin or SCALEKIT_CLIENT_SECRET.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'printf %s "$SECRET" | <%= config.bin %> <%= command.id %> --environment-url https://acme.scalekit.dev --client-id skc_123 --client-secret-stdin',
    '<%= config.bin %> <%= command.id %> --profile prod --environment-url https://acme.scalekit.com --client-id prd_skc_123 --client-secret-stdin < secret.txt',
  ]
  static override flags = {
    'client-id': Flags.string({description: 'Client id (skc_…) from Developers > Settings > API credentials.'}),
    'client-secret-stdin': Flags.boolean({description: 'Read the client secret from standard input.'}),
    'environment-url': Flags.string({description: 'Environment URL, e.g. https://acme.scalekit.dev.'}),
  }
  static override summary = 'Save and verify credentials for a Scalekit environment.'

  async run(): Promise<LoginResult> {
    const profile = this.flags.profile ?? 'default'
    const environmentUrl = normaliseEnvironmentUrl(
      await this.value(this.givenEnvironmentUrl(), {
        flag: '--environment-url',
        message: 'Environment URL',
      }),
    )
    const clientId = await this.value(this.flags['client-id'] ?? process.env.SCALEKIT_CLIENT_ID, {
      flag: '--client-id',
      message: 'Client id',
    })
    const clientSecret = this.flags['client-secret-stdin']
      ? await readSecretFromStdin('--client-secret-stdin')
      : await this.value(process.env.SCALEKIT_CLIENT_SECRET, {
          flag: '--client-secret-stdin',
          message: 'Client secret',
          secret: true,
        })
    registerSecret(clientSecret)

    const spinner = await this.spinner(`Verifying credentials with ${environmentUrl}`)
    await new Api({clientId, clientSecret, environmentUrl}).verify()
    spinner.succeed(`Credentials accepted by ${environmentUrl}`)

    const secretStorage = await (
      await this.profiles()
    ).save(profile, {clientId, clientSecret, environmentUrl}, {activate: true})
    if (secretStorage === 'file') {
      this.warning(`no usable OS keychain; the client secret is stored in ${(await this.profiles()).path} (mode 0600).`)
    }
    const environment = environmentKind(environmentUrl)
    this.log(`Logged in to ${environmentUrl} (${environment}) as ${clientId}; profile "${profile}" is active.`)
    return {clientId, environment, environmentUrl, profile, secretStorage}
  }

  /** The URL being logged in to, when given rather than prompted for: an emulator's --tls URL gets skctl's CA trusted. */
  protected override async environmentUrl(): Promise<string | undefined> {
    const given = this.givenEnvironmentUrl()
    return given === undefined ? undefined : normaliseEnvironmentUrl(given)
  }

  private givenEnvironmentUrl(): string | undefined {
    return this.flags['environment-url'] ?? process.env.SCALEKIT_ENVIRONMENT_URL ?? process.env.SCALEKIT_ENV_URL
  }

  /** A value from its flag or variable, else a prompt — or, without a terminal, a usage error naming the flag. */
  private async value(
    given: string | undefined,
    ask: {flag: string; message: string; secret?: boolean},
  ): Promise<string> {
    if (given?.trim()) return given.trim()
    if (!this.interactive) throw usageError(`${ask.message.toLowerCase()} is required`, `pass ${ask.flag}`)
    const prompts = await import('@inquirer/prompts')
    const answer = ask.secret
      ? await prompts.password({mask: true, message: ask.message})
      : await prompts.input({message: ask.message})
    if (!answer.trim()) throw usageError(`${ask.message.toLowerCase()} is required`)
    return answer.trim()
  }
}
