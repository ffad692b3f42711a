import {BaseCommand} from '../base-command.js'
import {CliError} from '../errors.js'

export default class Logout extends BaseCommand<typeof Logout> {
  static override description =
    'Forgets the active profile (or the one named with --profile): its settings and its secret, from the keychain and the config file.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile prod',
  ]
  static override summary = 'Remove saved credentials.'

  async run(): Promise<{profile: string; removed: true}> {
    const profile = this.flags.profile ?? process.env.SKCTL_PROFILE ?? (await this.profiles()).active
    if (!profile)
      throw new CliError('not_found', 'no profile is active; nothing to log out of', {hint: 'skctl profiles list'})
    await (await this.profiles()).remove(profile)
    this.log(`Removed profile "${profile}".`)
    return {profile, removed: true}
  }
}
