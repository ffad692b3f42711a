import {Args} from '@oclif/core'

import {type DirectoryJson, getDirectory} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {directoryRecord} from '../../output/directories.js'

export default class DirectoriesGet extends ApiCommand<typeof DirectoriesGet> {
  static override args = {
    id: Args.string({description: 'Directory id (dir_…).', required: true}),
  }
  static override description =
    'Shows one SCIM directory: provider, status, its SCIM endpoint, which bearer secret is in use (only its last characters), user and group counts and the last sync.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> --org acme-42 dir_59615204644553228 --json',
  ]
  static override flags = {org: requiredOrgFlag}
  static override summary = 'Show a SCIM directory.'

  async run(): Promise<DirectoryJson> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const directory = await getDirectory(api, organizationId, this.args.id.trim())
    this.record(directoryRecord(directory))
    return directory
  }
}
