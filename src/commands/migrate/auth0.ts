import {Args} from '@oclif/core'

import {MigrateCommand, migrateFlags} from '../../import/migrate-command.js'

export default class MigrateAuth0 extends MigrateCommand<typeof MigrateAuth0> {
  static override description = `Imports an Auth0 tenant's export: organizations first (their Auth0 id kept as external id, metadata as metadata), then users (user_id → external id, app_metadata and user_metadata → metadata) with their organization memberships and roles.
Pass the user export (NDJSON from an export job, or a JSON array), and optionally the organizations list and organization members (records with organization_id, or {"organization_id": …, "members": […]}). Users in no organization go to --org. Password hashes are never imported.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.ndjson organizations.json members.json --dry-run',
    '<%= config.bin %> <%= command.id %> users.ndjson --org acme-42 --report reports/ --mapping-out ids.csv --yes',
  ]
  static override args = {
    files: Args.string({
      description: 'Export files, in any order; "-" reads one of them from standard input.',
      required: true,
    }),
  }
  static override flags = migrateFlags
  static override summary = 'Migrate users and organizations from an Auth0 export.'
  protected readonly provider = 'auth0'
}
