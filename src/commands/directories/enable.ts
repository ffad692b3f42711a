import {Args} from '@oclif/core'

import type {ToggleResult} from '../../api/toggle.js'
import {setDirectoryEnabled} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {safe} from '../../output/escape.js'

export default class DirectoriesEnable extends ApiCommand<typeof DirectoriesEnable> {
  static override args = {
    id: Args.string({description: 'Directory id (dir_…).', required: true}),
  }
  static override description =
    "Enables a SCIM directory so the organization's identity provider can provision users and groups into it again. Enabling one that is already enabled changes nothing."
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Enable a SCIM directory.'

  async run(): Promise<ToggleResult> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const result = await setDirectoryEnabled(api, organizationId, this.args.id.trim(), true)
    this.log(safe`Directory ${result.id} is enabled.`)
    return result
  }
}
