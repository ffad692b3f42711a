import {ApiCommand} from '../base-command.js'
import {mintToken, reportValue as report, type ValueReport} from '../config/credential-report.js'
import {environmentKind} from '../config/url.js'
import {mask} from '../redact.js'
import {safe, styled} from '../output/escape.js'

export interface StatusResult {
  clientId: ValueReport | null
  clientSecret: ValueReport | null
  environment: string | null
  environmentUrl: ValueReport | null
  profile: {name: string; source: string} | null
  token: {error?: {code: string; message: string}; ok: boolean}
}

export default class Status extends ApiCommand<typeof Status> {
  static override description = `Shows which environment and credentials commands will use, where each value came from (flag, environment variable or profile), and whether an access token can be minted with them. The secret is masked to its last four characters.
Exits 3 when credentials are missing or rejected, 1 when the environment cannot be reached.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --profile prod',
  ]
  static override summary = 'Show the active environment and check its credentials.'

  async run(): Promise<StatusResult> {
    const resolved = await this.credentials()
    const {clientId, clientSecret, environmentUrl} = resolved
    const {exit, ...token} = await mintToken(resolved)
    if (exit !== undefined) process.exitCode = exit
    const result: StatusResult = {
      clientId: report(clientId),
      clientSecret: report(clientSecret, mask(clientSecret?.value)),
      environment: environmentUrl ? environmentKind(environmentUrl.value) : null,
      environmentUrl: report(environmentUrl),
      profile: resolved.profile ?? null,
      token,
    }
    this.render(result)
    return result
  }

  private render(r: StatusResult): void {
    const line = (v: ValueReport | null) =>
      styled(v ? safe`${v.value} ${styled(this.chalk.dim(safe`(${v.source}: ${v.from})`))}` : this.chalk.red('not set'))
    const profile = r.profile
      ? styled(safe`${r.profile.name} ${styled(this.chalk.dim(safe`(${r.profile.source})`))}`)
      : 'none'
    this.record([
      ['profile', profile],
      ['environment URL', line(r.environmentUrl)],
      ['environment', r.environment ?? undefined],
      ['client id', line(r.clientId)],
      ['client secret', line(r.clientSecret)],
      [
        'token',
        r.token.ok
          ? styled(this.chalk.green('ok — an access token was minted'))
          : styled(this.chalk.red(safe`failed — ${r.token.error?.message}`)),
      ],
    ])
  }
}
