import {Args, Flags} from '@oclif/core'

import {type OrganizationJson, resolveOrganizationId, updateFeatures} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {invalidInput, usageError} from '../../errors.js'
import {organizationRecord} from '../../output/organizations.js'

const FEATURES = ['sso', 'dir_sync'] as const

export default class OrgsSettings extends ApiCommand<typeof OrgsSettings> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.', required: true}),
  }
  static override description = `Turns organization features on or off. Features: ${FEATURES.join(', ')}.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635 --enable sso',
    '<%= config.bin %> <%= command.id %> acme-42 --enable sso --enable dir_sync',
    '<%= config.bin %> <%= command.id %> acme-42 --disable dir_sync --json',
  ]
  static override flags = {
    disable: Flags.string({description: 'Feature to turn off; repeatable.', multiple: true, options: [...FEATURES]}),
    enable: Flags.string({description: 'Feature to turn on; repeatable.', multiple: true, options: [...FEATURES]}),
  }
  static override summary = 'Turn organization features (SSO, directory sync) on or off.'

  async run(): Promise<OrganizationJson> {
    const enable = this.flags.enable ?? []
    const disable = this.flags.disable ?? []
    if (enable.length === 0 && disable.length === 0) throw usageError('nothing to change', 'pass --enable or --disable')
    const both = enable.filter((f) => disable.includes(f))
    if (both.length > 0) throw invalidInput(`cannot both enable and disable ${both.join(', ')}`)
    const api = await this.api()
    const id = await resolveOrganizationId(api, this.args.org)
    const org = await updateFeatures(api, id, [
      ...enable.map((name) => ({enabled: true, name})),
      ...disable.map((name) => ({enabled: false, name})),
    ])
    this.record(organizationRecord(org))
    return org
  }
}
