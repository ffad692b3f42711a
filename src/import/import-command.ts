import {basename, join} from 'node:path'

import {type Command, Flags} from '@oclif/core'

import {parseOrganizationRef} from '../api/organizations.js'
import {ApiCommand} from '../base-command.js'
import {ExitCode} from '../errors.js'
import {concurrencyFlag} from '../flags.js'
import {safe} from '../output/escape.js'
import {count, inflect} from '../output/plural.js'
import {keepHeapTight} from './heap.js'
import type {InputFacts} from './input-file.js'
import {assertJobId, type Counts} from './job.js'
import {assertWritableDirectory, assertWritableFile} from './output-path.js'
import type {OrganizationSpec, SourceItem, UserSpec} from './model.js'
import {duration} from './progress.js'
import {type ImportSettings, type ImportSummary, runImport} from './run.js'

export {MAX_CONCURRENCY} from '../flags.js'

/** Flags every import shares (`users import`, `migrate *`). */
export const importFlags = {
  concurrency: concurrencyFlag('Rows in flight'),
  'dry-run': Flags.boolean({
    description:
      'Validate everything and print the plan (what would be created, updated, skipped, every row error) without changing anything.',
  }),
  force: Flags.boolean({
    description: 'With --resume: continue even though the input file changed since the interrupted run.',
    dependsOn: ['resume'],
  }),
  invite: Flags.boolean({
    allowNo: true,
    default: false,
    description:
      'Email invitations (memberships pending until accepted). Default: active memberships, verified emails, no email sent.',
  }),
  'job-id': Flags.string({
    description: 'Name this import (its checkpoint); default: derived from the input files and --org.',
  }),
  'mapping-out': Flags.string({
    description:
      'Write old id → Scalekit id for every organization and user (CSV, or JSON lines if FILE ends in .jsonl).',
  }),
  org: Flags.string({
    description: 'Organization for users the input does not place in one: its id (org_…) or external id.',
  }),
  report: Flags.string({
    description: 'Write summary.json, errors.jsonl and retry.csv (the failed rows, ready to fix and re-import) here.',
  }),
  resume: Flags.boolean({
    description:
      'Continue an interrupted import where it stopped; with no checkpoint, import from the beginning (safe to always pass).',
  }),
  'update-existing': Flags.boolean({
    description:
      'Update users that already exist (names, metadata, external id, roles) instead of leaving them as they are.',
  }),
}

type ImportFlags = {
  concurrency: number
  'dry-run': boolean
  force: boolean
  invite: boolean
  'job-id'?: string
  'mapping-out'?: string
  org?: string
  report?: string
  resume: boolean
  'update-existing': boolean
}

export interface PreparedImport {
  command: string
  inputs: InputFacts[]
  /** What the confirmation and the summary call the input. */
  label: string
  organizations?: SourceItem<OrganizationSpec>[]
  total: number
  users: () => AsyncIterable<SourceItem<UserSpec>>
}

/** `users import` and `migrate *`: the same run, confirmation, interruption handling and summary. */
export abstract class ImportCommand<T extends typeof Command> extends ApiCommand<T> {
  protected settings(): ImportSettings {
    const flags = this.flags as unknown as ImportFlags
    return {
      concurrency: flags.concurrency,
      defaultOrganization: flags.org === undefined ? undefined : parseOrganizationRef(flags.org),
      dryRun: Boolean(flags['dry-run']),
      force: Boolean(flags.force),
      invite: Boolean(flags.invite),
      jobId: flags['job-id'] === undefined ? undefined : assertJobId(flags['job-id']),
      mappingOut: flags['mapping-out'],
      reportDir: flags.report,
      resume: Boolean(flags.resume),
      updateExisting: Boolean(flags['update-existing']),
    }
  }

  protected async execute(prepared: PreparedImport): Promise<ImportSummary> {
    const settings = this.settings()
    assertOutputs(settings)
    const api = await this.api()
    if (!settings.dryRun) {
      const organizations = prepared.organizations ? `${count(prepared.organizations.length, 'organization')} and ` : ''
      await this.confirm(
        `Import ${organizations}${count(prepared.total, 'user')} from ${prepared.label} into ${api.credentials.environmentUrl}?`,
      )
    }
    keepHeapTight()
    const controller = new AbortController()
    const running = runImport({
      ...prepared,
      api,
      configDir: this.config.configDir,
      progressStream: process.stderr.isTTY && !this.jsonEnabled() && !process.env.CI ? process.stderr : undefined,
      settings,
      signal: controller.signal,
    })
    this.onCleanup(async () => {
      if (controller.signal.aborted) return
      controller.abort()
      const summary = await running.catch(() => undefined)
      if (summary?.interrupted) this.note(this.interruptedNote(summary))
    })
    const summary = await running
    if (settings.resume && !settings.dryRun && !summary.resumed) {
      this.note(`No checkpoint of job ${summary.jobId} was found, so the import ran from the beginning.`)
    }
    if (!settings.resume && summary.resumed) {
      this.note(`This import (job ${summary.jobId}) had already finished with these reports; nothing was sent again.`)
    }
    this.report(summary, prepared.label)
    if (summary.users.failed + summary.organizations.failed > 0) process.exitCode = ExitCode.partial
    return summary
  }

  private interruptedNote(summary: ImportSummary): string {
    const done = total(summary.users)
    return `Stopped after ${done.toLocaleString('en-US')} of ${count(summary.rows, 'row')}; the checkpoint is saved. Continue with the same command and --resume${summary.jobId ? ` --job-id ${summary.jobId}` : ''}.`
  }

  private report(summary: ImportSummary, label: string): void {
    if (this.jsonEnabled()) return
    const {chalk} = this
    const verb = summary.dryRun ? 'Checked' : 'Imported'
    const rate = `${summary.rowsPerSecond.toLocaleString('en-US')} rows/s`
    const head = `${verb} ${label}: ${count(total(summary.users), 'row')} in ${duration(summary.durationMs / 1000)} (${rate})`
    this.log(head)
    if (total(summary.organizations) > 0)
      this.log(`  organizations: ${describe(summary.organizations, summary.dryRun)}`)
    this.log(`  users:         ${describe(summary.users, summary.dryRun)}`)
    this.log(
      `  memberships:   ${summary.membershipsAdded.toLocaleString('en-US')} ${summary.dryRun ? 'to create' : 'created'}`,
    )
    if (summary.dryRun) this.note(chalk.dim('Dry run: nothing was changed.'))
    for (const error of summary.errors.slice(0, 10)) {
      this.note(
        `${chalk.red(error.code)} ${safe`${error.file}:${error.line}${error.email ? ` ${error.email}` : ''} — ${error.message}`}`,
      )
    }
    const more = summary.errorCount - Math.min(10, summary.errors.length)
    if (summary.reportDir) {
      if (summary.errorCount > 0) {
        this.note(
          `${inflect(summary.errorCount, 'The problem', `All ${count(summary.errorCount, 'problem')}`)}: ${join(summary.reportDir, 'errors.jsonl')}; fix ${join(summary.reportDir, 'retry.csv')} and import it to retry ${inflect(summary.errorCount, 'it', 'them')}.`,
        )
      }
    } else if (more > 0) {
      this.note(`… and ${more} more; pass --report DIR to keep every error and a retry.csv of the failed rows.`)
    }
    if (summary.mappingOut && !summary.dryRun) this.note(`Id mapping: ${basename(summary.mappingOut)}`)
  }
}

/** Where the import will write, checked before any call (a dry run writes nothing, so creates nothing either). */
function assertOutputs(settings: ImportSettings): void {
  if (settings.reportDir) assertWritableDirectory(settings.reportDir, '--report', {create: true})
  if (settings.mappingOut) assertWritableFile(settings.mappingOut, '--mapping-out', {createParent: true})
}

const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0)

function describe(counts: Counts, dryRun: boolean): string {
  const words: Array<[keyof Counts, string, string]> = [
    ['created', 'created', 'to create'],
    ['existing', 'existing', 'existing'],
    ['updated', 'updated', 'to update'],
    ['skipped', 'skipped', 'to skip'],
    ['failed', 'failed', 'with errors'],
  ]
  return words
    .map(([key, done, planned]) => `${counts[key].toLocaleString('en-US')} ${dryRun ? planned : done}`)
    .join(' · ')
}
