import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'

export default class ProfilesUse extends BaseCommand<typeof ProfilesUse> {
  static override args = {name: Args.string({description: 'Profile to make active.', required: true})}
  static override description =
    'Makes a saved profile the active one; commands use it unless a flag or variable says otherwise.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> prod',
    '<%= config.bin %> <%= command.id %> emulator',
  ]
  static override summary = 'Switch the active profile.'

  async run(): Promise<{active: string}> {
    ;(await this.profiles()).use(this.args.name)
    this.log(`Profile "${this.args.name}" is now active.`)
    return {active: this.args.name}
  }
}
