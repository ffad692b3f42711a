import {Args} from '@oclif/core'

import {MigrateCommand, migrateFlags} from '../../import/migrate-command.js'

export default class MigrateFirebase extends MigrateCommand<typeof MigrateFirebase> {
  static override description = `Imports the users of firebase auth:export (JSON or CSV): localId → external id, displayName → names, customAttributes → metadata.
Firebase has no organizations: pass --org, or --org-attribute naming a custom claim that holds each user's organization (its external id). Disabled users are skipped unless --include-disabled. Password hashes are never imported.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.json --org acme-42 --dry-run',
    '<%= config.bin %> <%= command.id %> users.csv --org-attribute tenant --report reports/ --yes',
  ]
  static override args = {
    files: Args.string({
      description: 'Export files, in any order; "-" reads one of them from standard input.',
      required: true,
    }),
  }
  static override flags = migrateFlags
  static override summary = 'Migrate users from a Firebase Authentication export.'
  protected readonly provider = 'firebase'
}
