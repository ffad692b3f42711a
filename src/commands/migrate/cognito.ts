import {Args} from '@oclif/core'

import {MigrateCommand, migrateFlags} from '../../import/migrate-command.js'

export default class MigrateCognito extends MigrateCommand<typeof MigrateCognito> {
  static override description = `Imports the users of an Amazon Cognito user pool: aws cognito-idp list-users JSON or the user-import CSV. The sub attribute (else the username) becomes the external id; custom:* attributes become metadata.
Place users with --org, or --org-attribute naming the attribute that holds each user's organization (its external id), e.g. custom:tenant. Disabled users are skipped unless --include-disabled.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.json --org-attribute custom:tenant --dry-run',
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42 --report reports/ --yes',
  ]
  static override args = {
    files: Args.string({
      description: 'Export files, in any order; "-" reads one of them from standard input.',
      required: true,
    }),
  }
  static override flags = migrateFlags
  static override summary = 'Migrate users from an Amazon Cognito user pool.'
  protected readonly provider = 'cognito'
}
