import {Args, Flags} from '@oclif/core'

import {invalidInput} from '../../errors.js'
import {parseColumnMap} from '../../import/columns.js'
import {importFlags, ImportCommand} from '../../import/import-command.js'
import {inputName, inspectArgument} from '../../import/input-file.js'
import type {ImportSummary} from '../../import/run.js'
import {countUsers, readUserFile} from '../../import/user-file.js'

export default class UsersImport extends ImportCommand<typeof UsersImport> {
  static override args = {
    file: Args.string({
      description: 'CSV, or JSON lines / a JSON array of objects with the same fields; "-" reads standard input.',
      required: true,
    }),
  }
  static override description = `Imports users from a CSV (or JSON lines) file: each row becomes a user with an active membership, or, for a user who already exists, is reported as existing and has any missing membership added.
Columns: email (required), first_name, last_name, email_verified, external_id, roles (";"-separated), organization (id or external id; ";"-separated for several) or --org, metadata.<key> (one column per key) or metadata (a JSON object). --map renames columns.
Rows are checked before any call (email syntax, duplicates in the file, organizations and roles), imported with bounded concurrency and retried with backoff when rate-limited or when the network fails. A checkpoint is saved as it goes: after a crash or Ctrl-C, run the same command with --resume.
Exit codes: 0 every row imported or already there, 5 some rows failed (see --report), 2 the file itself is unusable (or places no user in an organization and --org is missing), 3 the credentials were rejected (the import stops; fix them and --resume), 4 --org names no organization.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42 --dry-run',
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42 --report reports/ --mapping-out ids.csv --yes',
    '<%= config.bin %> <%= command.id %> export.csv --map "E-mail=email" --map "Given Name=first_name" --org acme-42 --yes',
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42 --resume --yes',
    'crm-export | <%= config.bin %> <%= command.id %> - --org acme-42 --report reports/ --yes',
  ]
  static override flags = {
    ...importFlags,
    map: Flags.string({
      description: 'Rename a column: COLUMN=FIELD (repeatable), e.g. "E-mail=email" or "Plan=metadata.plan".',
      multiple: true,
    }),
  }
  static override summary = 'Import users from a CSV or JSON-lines file.'

  async run(): Promise<ImportSummary> {
    const {args, flags} = this
    const map = parseColumnMap(flags.map)
    const input = await inspectArgument(args.file, 'skctl users import - --org ORG --yes < users.csv', (remove) =>
      this.onCleanup(remove),
    )
    const {namesOrganizations, rows} = await countUsers(input.path, map)
    if (!namesOrganizations && flags.org === undefined) {
      throw invalidInput(
        `${inputName(input)} names no organization for its users (it has no organization column)`,
        'pass --org ORG for all of them, or add an organization column (id or external id)',
      )
    }
    return this.execute({
      command: 'users import',
      inputs: [input],
      label: inputName(input),
      total: rows,
      users: () =>
        readUserFile(input.path, {
          map,
          onIgnoredColumns: (names) =>
            this.warning(`ignoring columns ${names.join(', ')}; map them with --map "COLUMN=FIELD" to import them`),
        }),
    })
  }
}
