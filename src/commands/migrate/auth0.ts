import {Args} from '@oclif/core'

import {membersFlag, MigrateCommand, migrateFlags} from '../../import/migrate-command.js'

export default class MigrateAuth0 extends MigrateCommand<typeof MigrateAuth0> {
  static override description = `Imports an Auth0 tenant's export: organizations first (their Auth0 id kept as external id, metadata as metadata), then users (user_id → external id, app_metadata and user_metadata → metadata) with their organization memberships and roles.
Pass the user export (NDJSON from an export job, or a JSON array), and optionally the organizations list and the organization members. Auth0 has no members export; members are accepted as: a file named after its organization (org_abc123.json or members-org_abc123.json, e.g. saved from \`auth0 orgs members list org_abc123 --json\`), --members org_abc123=FILE, a map {"org_abc123": [members], …}, {"organization_id": …, "members": […]}, or member records carrying organization_id. Users in no organization go to --org. Password hashes are never imported.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.ndjson organizations.json members.json --dry-run',
    '<%= config.bin %> <%= command.id %> users.ndjson --org acme-42 --report reports/ --mapping-out ids.csv --yes',
    '<%= config.bin %> <%= command.id %> users.ndjson organizations.json org_W2Ak6jKMwvu7N0Dj.json --members org_9xQe1bLkTq0ZpR3c=globex.json --yes',
  ]
  static override args = {
    files: Args.string({
      description: 'Export files, in any order; "-" reads one of them from standard input.',
      required: true,
    }),
  }
  static override flags = {...migrateFlags, members: membersFlag}
  static override summary = 'Migrate users and organizations from an Auth0 export.'
  protected readonly provider = 'auth0'
}
