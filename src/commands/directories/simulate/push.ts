import {basename} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {ApiCommand} from '../../../base-command.js'
import {ExitCode, usageError} from '../../../errors.js'
import {orgFlag} from '../../../flags.js'
import {
  pushActionColumns,
  summaryLine,
  viewGroupColumns,
  viewSize,
  viewUserColumns,
} from '../../../output/directory-push.js'
import type {Spinner} from '../../../output/spinner.js'
import {safe} from '../../../output/escape.js'
import {count} from '../../../output/plural.js'
import {renderTable} from '../../../output/table.js'
import {registerSecret} from '../../../redact.js'
import {readPushFile} from '../../../scim/input.js'
import {simulatePush, type SimulatePushResult} from '../../../scim/simulate.js'
import {checkEndpoint, type PushTarget} from '../../../scim/target.js'
import {readSecretFromStdin} from '../../../stdin.js'

export default class DirectoriesSimulatePush extends ApiCommand<typeof DirectoriesSimulatePush> {
  static override args = {
    file: Args.string({
      description: 'The users (and groups) the identity provider assigns: a CSV, or a SCIM JSON file (.json).',
      required: true,
    }),
  }
  static override description = `Acts as the customer's identity provider (like Okta or Entra ID): sends real SCIM 2.0 requests to a directory's SCIM endpoint so that it holds the users and groups FILE describes, then shows what the directory holds.

Each user is looked up by userName (filter=userName eq "…") and created (POST), replaced when its profile differs (PUT), deactivated with a PATCH of active=false when the file says active=false, as identity providers deprovision, or left unchanged. Groups are looked up by displayName, created, and their members set to exactly the file's (PATCH add/remove). --delete-missing also deletes the directory's users the file does not list.

CSV columns: userName (required), givenName, familyName, email (default: the userName when it is an email), active (true/false, default true), groups (display names separated by ";"), externalId. A SCIM JSON file holds {"Users": [...], "Groups": [...]} with members by userName or id, or a ListResponse-like "Resources" array.

Without --endpoint, the directory's endpoint comes from the Scalekit API and the bearer token is issued through it: this rotates the directory's secret, so the customer's identity provider stops working until it gets the new one; outside the emulator that needs --yes. With --endpoint and --token-stdin it talks to any SCIM server with the token you pipe in (never printed). A refused token stops with exit 3; items the server refuses are reported and exit 5.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42',
    '<%= config.bin %> <%= command.id %> users.csv --org acme-42 --directory dir_59615204644553228',
    '<%= config.bin %> <%= command.id %> users.json --org acme-42 --directory dir_59615204644553228 --delete-missing --yes --json',
    'printf %s "$SCIM_TOKEN" | <%= config.bin %> <%= command.id %> users.csv --endpoint https://acme.scalekit.dev/directory/dir_59615204644553228/scim/v2 --token-stdin --dry-run',
  ]
  static override flags = {
    'delete-missing': Flags.boolean({
      description: 'Also delete the directory users that FILE does not list (asks first, or takes --yes).',
    }),
    directory: Flags.string({
      description: "Directory id (dir_…); with --org. Default: the organization's directory, when it has only one.",
    }),
    'dry-run': Flags.boolean({
      description:
        'Look everything up (GET requests only) and show what a push would do, changing no user or group. Without --endpoint the bearer token is still issued through the API.',
    }),
    endpoint: Flags.string({
      dependsOn: ['token-stdin'],
      description: "SCIM base URL to push to instead of the directory's own, e.g. …/directory/dir_…/scim/v2.",
    }),
    org: orgFlag,
    'token-stdin': Flags.boolean({
      dependsOn: ['endpoint'],
      description: 'Read the bearer token for --endpoint from standard input.',
    }),
  }
  static override summary = "Push users and groups to a SCIM directory as the customer's identity provider would."

  async run(): Promise<SimulatePushResult> {
    const {flags} = this
    const endpoint = flags.endpoint === undefined ? undefined : checkEndpoint(flags.endpoint)
    if (flags.directory && !flags.org) throw usageError('--directory needs --org', 'pass the organization with --org')
    if (!endpoint && !flags.org) {
      throw usageError(
        'say which directory to push to',
        'pass --org (and --directory), or --endpoint and --token-stdin',
      )
    }
    // The whole file is read and checked before any request: a bad header stops here.
    const state = await readPushFile(this.args.file)
    if (flags['delete-missing'] && !flags['dry-run']) {
      await this.confirm(`Delete every user of the directory that ${basename(this.args.file)} does not list?`)
    }
    const token = endpoint ? await readSecretFromStdin('--token-stdin') : undefined
    registerSecret(token)
    let spinner: Spinner | undefined
    const result = await simulatePush({
      confirm: (question) => this.confirm(question),
      deleteMissing: flags['delete-missing'],
      direct: endpoint && token ? {endpoint, token} : undefined,
      directory: flags.org ? {api: await this.api(), id: flags.directory?.trim(), org: flags.org} : undefined,
      dryRun: flags['dry-run'],
      onIssued: (issued, directoryId) => this.note(issuedNote(issued, directoryId)),
      onSending: async () => {
        spinner = await this.spinner(
          `Pushing ${count(state.users.length, 'user')} and ${count(state.groups.length, 'group')}`,
        )
      },
      state,
    })
    spinner?.stop()
    this.show(result)
    if (result.counts.failed > 0) process.exitCode = ExitCode.partial
    return result
  }

  private show({actions, counts, directory, directoryId, dryRun, endpoint}: SimulatePushResult): void {
    if (this.jsonEnabled()) return
    if (dryRun) this.note('Dry run: only GET requests were sent; nothing was changed.')
    if (actions.length > 0) this.table(actions, pushActionColumns)
    this.note(`${dryRun ? 'Would do' : 'Done'}: ${summaryLine(counts)}.`)
    const through = directory.source === 'api' ? 'the Scalekit API' : 'SCIM'
    this.log(safe`\nDirectory ${directoryId ?? endpoint} shows ${viewSize(directory)} (read through ${through}).`)
    if (directory.users.length > 0) this.log(`\n${renderTable(directory.users, viewUserColumns, this.chalk)}`)
    if (directory.groups.length > 0) this.log(`\n${renderTable(directory.groups, viewGroupColumns, this.chalk)}`)
  }
}

function issuedNote(issued: NonNullable<PushTarget['issued']>, directoryId: string): string {
  if (!issued.replaced) return safe`Created a bearer secret for directory ${directoryId} to push with (it had none).`
  const where = issued.emulator ? ' (on the emulator)' : ''
  return safe`Rotated the bearer secret of directory ${directoryId}${where} to push with it: the identity provider's previous token no longer works.`
}
