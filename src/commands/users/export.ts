import {Flags} from '@oclif/core'

import {resolveOrganizationId} from '../../api/organizations.js'
import {eachUser} from '../../api/users.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {orgFlag} from '../../flags.js'
import {EXPORT_FORMATS, toExported} from '../../import/export.js'
import {ExportSink} from '../../import/export-sink.js'
import {assertWritableFile} from '../../import/output-path.js'

export interface ExportResult {
  ambiguousRoles: number
  format: string
  output: string | null
  users: number
}

export default class UsersExport extends ApiCommand<typeof UsersExport> {
  static override description = `Writes every user (or an organization's members) in the format skctl users import reads, so an export re-imports unchanged: CSV (cells a spreadsheet would run as formulas are prefixed with "'", which the import removes) or JSON lines.
Users are fetched a page at a time and written as they arrive; with --output the file appears only once complete.
A user in several organizations with different roles in each is exported without roles (and counted in a warning): export one organization at a time with --org to keep exact roles.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42 --output acme-users.csv',
    '<%= config.bin %> <%= command.id %> --format jsonl > users.jsonl',
  ]
  static override flags = {
    format: Flags.string({default: 'csv', description: 'csv or jsonl.', options: ['csv', 'jsonl']}),
    org: orgFlag,
    output: Flags.string({char: 'o', description: 'Write to this file (default: standard output).'}),
  }
  static override summary = 'Export users to CSV or JSON lines (re-importable).'

  async run(): Promise<ExportResult> {
    const {flags} = this
    // With --json the one JSON document is the result; the rows then need a file.
    if (this.jsonEnabled() && !flags.output) throw usageError('--json needs --output FILE for the rows')
    if (flags.output) assertWritableFile(flags.output, '--output', {createParent: false})
    const api = await this.api()
    const organizationId = flags.org === undefined ? undefined : await resolveOrganizationId(api, flags.org)
    const sink = new ExportSink(flags.output)
    this.onCleanup(() => sink.discard())
    const format = EXPORT_FORMATS[flags.format as keyof typeof EXPORT_FORMATS]
    let users = 0
    let ambiguousRoles = 0
    if (!format.header || (await sink.write(format.header))) {
      for await (const user of eachUser(api, {organizationId})) {
        const exported = toExported(user, organizationId)
        // A reader that stopped reading (`| head`) ends the export quietly, as it ends `users list`.
        if (!(await sink.write(format.line(exported.user)))) break
        if (exported.ambiguousRoles) ambiguousRoles++
        users++
      }
    }
    await sink.finish()
    if (ambiguousRoles > 0) {
      this.warning(
        `${ambiguousRoles} users hold different roles in different organizations and were exported without roles; export with --org for exact roles`,
      )
    }
    if (!sink.closed) this.note(`Exported ${users} users${flags.output ? ` to ${flags.output}` : ''}.`)
    return {ambiguousRoles, format: flags.format, output: flags.output ?? null, users}
  }
}
