import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'

export default class ProfilesRemove extends BaseCommand<typeof ProfilesRemove> {
  static override args = {name: Args.string({description: 'Profile to remove.', required: true})}
  static override description = 'Removes a saved profile and its secret. Asks first; pass --yes in scripts.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> staging',
    '<%= config.bin %> <%= command.id %> staging --yes',
  ]
  static override summary = 'Remove a saved profile.'

  async run(): Promise<{profile: string; removed: true}> {
    ;(await this.profiles()).requireProfile(this.args.name)
    await this.confirm(`Remove profile "${this.args.name}" and its secret?`)
    await (await this.profiles()).remove(this.args.name)
    this.log(`Removed profile "${this.args.name}".`)
    return {profile: this.args.name, removed: true}
  }
}
