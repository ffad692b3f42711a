import {pagesOf} from '../../api/paginate.js'
import {BaseCommand} from '../../base-command.js'
import type {ListSummary} from '../../output/list.js'

export interface ProfileSummary {
  active: boolean
  clientId: string
  environmentUrl: string
  name: string
  secretStorage: 'file' | 'keychain'
}

export default class ProfilesList extends BaseCommand<typeof ProfilesList> {
  static override description = 'Lists saved profiles; the active one is marked. Secrets are never shown.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'List saved profiles.'

  async run(): Promise<ListSummary> {
    const profiles = (await this.profiles()).list().map(({active, name, profile}) => ({
      active,
      clientId: profile.clientId,
      environmentUrl: profile.environmentUrl,
      name,
      secretStorage: profile.secretStorage,
    }))
    return this.list(pagesOf(profiles), {
      columns: [
        {header: '', value: (p) => (p.active ? '*' : '')},
        {header: 'NAME', value: (p) => p.name},
        {header: 'ENVIRONMENT URL', value: (p) => p.environmentUrl},
        {header: 'CLIENT ID', value: (p) => p.clientId},
        {header: 'SECRET IN', value: (p) => p.secretStorage},
      ],
      empty: 'No profiles. Run skctl login or skctl emulator start.',
      key: 'profiles',
      noun: 'profiles',
      paged: false,
    })
  }
}
