import {createHash} from 'node:crypto'
import {existsSync, statSync} from 'node:fs'
import {basename, join} from 'node:path'

import type {Api} from '../api/client.js'
import {CliError, invalidInput} from '../errors.js'
import {explainWriteFailure} from './output-path.js'
import {organizationActions, userActions} from './actions.js'
import {USER_COLUMNS, toGenericRow} from './columns.js'
import {csvLine} from './csv-write.js'
import {importUsers, isAuthFailure, type RowResult} from './engine.js'
import {type InputFacts, STDIN} from './input-file.js'
import {
  type Checkpoint,
  checkpointPath,
  type Counts,
  emptyCounts,
  ReportFile,
  readCheckpoint,
  writeCheckpoint,
  writeFileAtomic,
} from './job.js'
import type {OrgRef, OrganizationSpec, SourceItem, UserSpec} from './model.js'
import {importOrganizations, OrganizationResolver} from './organizations.js'
import {Progress} from './progress.js'
import {Retrier, type RetrierOptions} from './retry.js'

export interface ImportSettings {
  concurrency: number
  defaultOrganization?: OrgRef
  dryRun: boolean
  force: boolean
  invite: boolean
  jobId?: string
  mappingOut?: string
  reportDir?: string
  resume: boolean
  updateExisting: boolean
}

export interface ImportJob {
  api: Api
  /** `users import`, `migrate auth0`…: names the job and is checked on resume. */
  command: string
  configDir: string
  inputs: InputFacts[]
  organizations?: SourceItem<OrganizationSpec>[]
  /** How many user records the inputs hold (counted before the run, for progress and the plan). */
  total: number
  users: () => AsyncIterable<SourceItem<UserSpec>>
  settings: ImportSettings
  signal: AbortSignal
  /** stderr when it is a terminal: progress is drawn there. */
  progressStream?: NodeJS.WriteStream
  /** Tests shorten backoff. */
  retry?: Omit<RetrierOptions, 'signal'>
}

export interface ErrorEntry {
  file: string
  line: number
  record: number
  email: string
  code: string
  message: string
  status?: number
}

export interface ImportSummary {
  jobId: string
  command: string
  dryRun: boolean
  interrupted: boolean
  /** Whether this run continued a checkpoint (false for a --resume that found none and started from the beginning). */
  resumed: boolean
  rows: number
  users: Counts
  organizations: Counts
  /** Memberships created: each new user's, and those added to users who already existed. */
  membershipsAdded: number
  durationMs: number
  rowsPerSecond: number
  errorCount: number
  /** The first errors of this run; all of them are in errors.jsonl with --report. */
  errors: ErrorEntry[]
  reportDir: string | null
  mappingOut: string | null
  checkpoint: string | null
}

const ERRORS_KEPT = 50
const CHECKPOINT_EVERY_MS = 1000

/** The options that must not change between a run and its resume. */
const fingerprint = (settings: ImportSettings) => ({
  defaultOrganization: settings.defaultOrganization ?? null,
  invite: settings.invite,
  updateExisting: settings.updateExisting,
})

export function defaultJobId(command: string, inputs: InputFacts[], settings: ImportSettings): string {
  // Standard input has no path of its own: the same command piping again is the same job.
  const paths = inputs.map((input) => (input.stdin ? STDIN : input.path))
  const key = JSON.stringify([command, paths, settings.defaultOrganization ?? null])
  return `${command.replace(/\W+/g, '-')}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
}

/**
 * Runs an import end to end: checks the job can start (or resume), imports organizations then users, writes
 * reports and a checkpoint as it goes, and returns the summary. A dry run writes nothing but reads the same.
 */
export async function runImport(job: ImportJob): Promise<ImportSummary> {
  try {
    return await importJob(job)
  } catch (error) {
    throw explainWriteFailure(error, {resumable: !job.settings.dryRun})
  }
}

async function importJob(job: ImportJob): Promise<ImportSummary> {
  const {settings} = job
  const jobId = settings.jobId ?? defaultJobId(job.command, job.inputs, settings)
  const path = checkpointPath(job.configDir, jobId)
  const previous = settings.dryRun ? undefined : admit(job, jobId, path)
  const retrier = new Retrier({...job.retry, signal: job.signal})
  const orgActions = organizationActions(job.api)
  const resolver = new OrganizationResolver(orgActions, retrier)
  // A wrong --org concerns every row: one error before any row (and before any report or checkpoint is written).
  if (settings.defaultOrganization) await resolver.assertExists(settings.defaultOrganization, '--org')
  const checkpoint: Checkpoint = previous ?? {
    version: 1,
    jobId,
    command: job.command,
    inputs: job.inputs,
    options: fingerprint(settings),
    organizations: {},
    organizationCounts: emptyCounts(),
    organizationsDone: false,
    watermark: 1,
    done: [],
    counts: emptyCounts(),
    membershipsAdded: 0,
    reports: {errors: 0, retry: 0, mapping: 0},
    startedAt: new Date().toISOString(),
    elapsedMs: 0,
    finished: false,
  }
  checkpoint.inputs = job.inputs
  // Saved before any report line, so report files never exist without a checkpoint that says how much of them
  // counts: a run that fails at once (a full disk) can still be resumed.
  if (!settings.dryRun && !previous) writeCheckpoint(path, checkpoint)
  const reports = settings.dryRun ? undefined : openReports(settings, previous)
  const started = Date.now()
  const elapsedBefore = checkpoint.elapsedMs
  const errors: ErrorEntry[] = []
  let errorCount = 0
  const pending = new Set(checkpoint.done)
  let lastSave = Date.now()

  const save = (finished = false) => {
    if (settings.dryRun) return
    if (reports) checkpoint.reports = reports.flush()
    checkpoint.done = [...pending]
    checkpoint.elapsedMs = elapsedBefore + (Date.now() - started)
    checkpoint.finished = finished
    writeCheckpoint(path, checkpoint)
    lastSave = Date.now()
  }

  /** Every problem goes to errors.jsonl; a failed row (not a deliberately skipped one) also to retry.csv. */
  const reportError = (entry: ErrorEntry, raw: Record<string, string>, retry = true) => {
    errorCount++
    if (errors.length < ERRORS_KEPT) errors.push(entry)
    reports?.errors?.append(`${JSON.stringify(entry)}\n`)
    if (retry) reports?.retry?.append(csvLine(toGenericRow(raw)))
  }

  const progress = new Progress(job.total, settings.dryRun ? 'Checked' : 'Imported', job.progressStream)
  let completed = false
  try {
    if (job.organizations && !checkpoint.organizationsDone) {
      await importOrganizations(job.organizations, {
        actions: orgActions,
        api: job.api,
        done: checkpoint.organizations,
        dryRun: settings.dryRun,
        resolver,
        retrier,
        onResult(item, outcome) {
          checkpoint.organizationCounts[outcome.kind]++
          if (outcome.kind === 'failed') {
            const {code, message} = outcome
            reportError({...item.at, code, email: '', message}, item.raw)
            return
          }
          if (settings.dryRun || !item.ok) return
          checkpoint.organizations[item.value.externalId] = outcome.id
          reports?.mapping?.append(
            mappingLine(settings.mappingOut!, 'organization', item.value.externalId, outcome.id, ''),
          )
        },
      })
      checkpoint.organizationsDone = !job.signal.aborted
      save()
    } else {
      for (const [externalId, id] of Object.entries(checkpoint.organizations)) resolver.register(externalId, id)
    }
    if (!job.signal.aborted) {
      await importUsers(job.users(), {
        actions: userActions(job.api),
        concurrency: settings.concurrency,
        defaultOrganization: settings.defaultOrganization,
        dryRun: settings.dryRun,
        expectedRows: job.total,
        invite: settings.invite,
        organizations: resolver,
        progress,
        resumeFrom: {done: new Set(checkpoint.done), watermark: checkpoint.watermark},
        retrier,
        signal: job.signal,
        updateExisting: settings.updateExisting,
        onResult(row: number, result: RowResult) {
          const {outcome} = result
          checkpoint.counts[outcome.kind]++
          if (outcome.kind === 'failed' || outcome.kind === 'skipped') {
            const {at, email, raw} = result
            const status = outcome.kind === 'failed' ? outcome.status : undefined
            const entry = {...at, code: outcome.code, email, message: outcome.message, status}
            reportError(entry, raw, outcome.kind === 'failed')
          } else {
            checkpoint.membershipsAdded += outcome.membershipsAdded
            if (!settings.dryRun && settings.mappingOut) {
              reports?.mapping?.append(
                mappingLine(settings.mappingOut, 'user', result.externalId ?? '', outcome.user.id, result.email),
              )
            }
          }
          pending.add(row)
          while (pending.delete(checkpoint.watermark)) checkpoint.watermark++
          if (Date.now() - lastSave >= CHECKPOINT_EVERY_MS) save()
        },
      })
    }
    completed = !job.signal.aborted
  } catch (error) {
    throw stopped(error, checkpoint, settings.dryRun)
  } finally {
    progress.stop()
    try {
      save(completed)
    } finally {
      reports?.close()
    }
  }

  const durationMs = Date.now() - started
  const processed = Object.values(checkpoint.counts).reduce((a, b) => a + b, 0)
  const summary: ImportSummary = {
    jobId,
    command: job.command,
    dryRun: settings.dryRun,
    interrupted: job.signal.aborted,
    resumed: previous !== undefined,
    rows: job.total,
    users: checkpoint.counts,
    organizations: checkpoint.organizationCounts,
    membershipsAdded: checkpoint.membershipsAdded,
    durationMs: checkpoint.elapsedMs || durationMs,
    rowsPerSecond: Math.round((processed / Math.max(checkpoint.elapsedMs || durationMs, 1)) * 1000),
    errorCount,
    errors,
    reportDir: settings.reportDir ?? null,
    mappingOut: settings.mappingOut ?? null,
    checkpoint: settings.dryRun ? null : path,
  }
  if (settings.reportDir && !settings.dryRun) {
    writeFileAtomic(join(settings.reportDir, 'summary.json'), `${JSON.stringify(summaryFile(summary), null, 2)}\n`)
  }
  return summary
}

/** Rejected credentials stop the whole import: say how far it got and that --resume continues it. */
function stopped(error: unknown, checkpoint: Checkpoint, dryRun: boolean): unknown {
  if (!isAuthFailure(error) || dryRun) return error
  const done = Object.values(checkpoint.counts).reduce((a, b) => a + b, 0)
  return new CliError(
    'auth_failed',
    `${error.message}; the import stopped after ${done.toLocaleString('en-US')} rows and its checkpoint is saved`,
    {cause: error, hint: `${error.hint ?? 'fix the credentials'}, then run the same command with --resume`},
  )
}

/**
 * Whether this run may start, and from which checkpoint. --resume works whatever happened before, so scripts (a
 * retry loop in CI, say) can always pass it: a finished job resumes with nothing left to do and repeats its summary,
 * and with no checkpoint at all (never run, or stopped before its first checkpoint) the import starts from the
 * beginning, which is safe because creates are idempotent. A fresh run must not bury an unfinished one.
 */
function admit(job: ImportJob, jobId: string, path: string): Checkpoint | undefined {
  const {settings} = job
  const existing = readCheckpoint(path)
  if (existing && settings.resume) return checkResume(job, existing)
  if (existing && !existing.finished) {
    const done = Object.values(existing.counts).reduce((a, b) => a + b, 0)
    throw invalidInput(
      `an interrupted import of the same input exists (job ${jobId}, ${done} rows done)`,
      'continue it with --resume, or start a separate import with --job-id NAME',
    )
  }
  // The same import run again with the same reports (its files as it left them): repeat its summary.
  if (existing && sameImport(job, existing) && reportsAsLeft(settings, existing)) return existing
  for (const file of reportFiles(settings)) {
    if (existsSync(file) && statSync(file).size > 0) {
      throw invalidInput(
        `${file} already holds the report of another import`,
        'use an empty --report directory and a new --mapping-out file, or --resume that import',
      )
    }
  }
  return undefined
}

const sameImport = (job: ImportJob, existing: Checkpoint) =>
  existing.command === job.command &&
  existing.inputs.length === job.inputs.length &&
  job.inputs.every((input, i) => existing.inputs[i]?.sha256 === input.sha256) &&
  JSON.stringify(existing.options) === JSON.stringify(fingerprint(job.settings))

/** Whether the report files hold something, all of it what the checkpoint says it wrote. */
function reportsAsLeft(settings: ImportSettings, existing: Checkpoint): boolean {
  const sizes = reportFiles(settings).map((file) => (existsSync(file) ? statSync(file).size : 0))
  const offsets = reportOffsets(settings, existing)
  return sizes.some((size) => size > 0) && sizes.every((size, i) => size === offsets[i])
}

/** A resume needs the command, inputs (unless --force) and options of its checkpoint. */
function checkResume(job: ImportJob, existing: Checkpoint): Checkpoint {
  if (existing.command !== job.command) {
    throw invalidInput(`job ${existing.jobId} is a "${existing.command}" import, not "${job.command}"`)
  }
  const changed = job.inputs.filter((input, i) => existing.inputs[i]?.sha256 !== input.sha256)
  if (changed.length > 0 && !job.settings.force) {
    throw invalidInput(
      `${changed.map((input) => basename(input.path)).join(', ')} changed since the interrupted run; resuming would skip the wrong rows`,
      'restore the original file, or pass --force if you only appended rows',
    )
  }
  const expected = JSON.stringify(existing.options)
  if (JSON.stringify(fingerprint(job.settings)) !== expected) {
    throw invalidInput(`resume with the options of the interrupted run (${expected})`)
  }
  return existing
}

function reportFiles(settings: ImportSettings): string[] {
  const files = settings.reportDir ? ['errors.jsonl', 'retry.csv'].map((f) => join(settings.reportDir!, f)) : []
  return settings.mappingOut ? [...files, settings.mappingOut] : files
}

/** The checkpoint's lengths of the files `reportFiles` names, in the same order. */
function reportOffsets(settings: ImportSettings, {reports}: Checkpoint): number[] {
  const offsets = settings.reportDir ? [reports.errors, reports.retry] : []
  return settings.mappingOut ? [...offsets, reports.mapping] : offsets
}

function openReports(settings: ImportSettings, previous: Checkpoint | undefined) {
  const keep = previous?.reports
  const errors = settings.reportDir ? new ReportFile(join(settings.reportDir, 'errors.jsonl'), keep?.errors) : undefined
  const retry = settings.reportDir
    ? new ReportFile(join(settings.reportDir, 'retry.csv'), keep?.retry, csvLine(USER_COLUMNS))
    : undefined
  const mapping = settings.mappingOut
    ? new ReportFile(
        settings.mappingOut,
        keep?.mapping,
        isJsonl(settings.mappingOut) ? undefined : 'type,external_id,scalekit_id,email\r\n',
      )
    : undefined
  return {
    errors,
    retry,
    mapping,
    flush: () => ({errors: errors?.flush() ?? 0, retry: retry?.flush() ?? 0, mapping: mapping?.flush() ?? 0}),
    /** Closes every file, then throws the first failure. */
    close() {
      const failures = [errors, retry, mapping].flatMap((file) => {
        try {
          file?.close()
          return []
        } catch (error) {
          return [error]
        }
      })
      if (failures.length > 0) throw failures[0]
    },
  }
}

const isJsonl = (file: string) => /\.jsonl?$/i.test(file)

function mappingLine(file: string, type: string, externalId: string, id: string, email: string): string {
  return isJsonl(file)
    ? `${JSON.stringify({type, external_id: externalId, scalekit_id: id, email})}\n`
    : csvLine([type, externalId, id, email])
}

const summaryFile = ({errors: _errors, ...summary}: ImportSummary) => summary
