import {Args} from '@oclif/core'

import {MigrateCommand, migrateFlags} from '../../import/migrate-command.js'

export default class MigrateWorkos extends MigrateCommand<typeof MigrateWorkos> {
  static override description = `Imports WorkOS organizations (with their domains), users and organization memberships (role slugs → roles), each WorkOS id kept as the external id (a WorkOS external_id is kept in metadata).
Pass the JSON lists (an array, {"data": […]} as the API returns, or JSON lines) in any order. Password hashes are never imported.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> organizations.json users.json memberships.json --dry-run',
    '<%= config.bin %> <%= command.id %> organizations.json users.json memberships.json --mapping-out ids.csv --yes',
  ]
  static override args = {
    files: Args.string({
      description: 'Export files, in any order; "-" reads one of them from standard input.',
      required: true,
    }),
  }
  static override flags = migrateFlags
  static override summary = 'Migrate organizations, users and memberships from WorkOS.'
  protected readonly provider = 'workos'
}
