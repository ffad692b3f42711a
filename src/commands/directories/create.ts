import {Flags} from '@oclif/core'

import {
  createDirectory,
  DIRECTORY_PROVIDERS,
  type DirectoryJson,
  type DirectoryProviderName,
} from '../../api/directories.js'
import {resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {requiredOrgFlag} from '../../flags.js'
import {directoryRecord} from '../../output/directories.js'
import {safe} from '../../output/escape.js'

export default class DirectoriesCreate extends ApiCommand<typeof DirectoriesCreate> {
  static override description =
    'Creates a SCIM directory for an organization: the endpoint its identity provider provisions users and groups into. It accepts provisioning once it has a bearer secret: run `directories secret` next and give the identity provider the endpoint and the token it prints.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --provider okta',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --provider microsoft-ad --json',
  ]
  static override flags = {
    org: requiredOrgFlag,
    provider: Flags.string({
      description: 'Identity provider that will provision it (microsoft-ad is Microsoft Entra ID).',
      options: Object.keys(DIRECTORY_PROVIDERS),
    }),
  }
  static override summary = 'Create a SCIM directory.'

  async run(): Promise<DirectoryJson> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.flags.org)
    const directory = await createDirectory(
      api,
      organizationId,
      this.flags.provider as DirectoryProviderName | undefined,
    )
    this.record(directoryRecord(directory))
    this.note(safe`Next: ${this.config.bin} directories secret --org ${this.flags.org} ${directory.id}`)
    return directory
  }
}
