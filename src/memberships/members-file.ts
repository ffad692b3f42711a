import {stat} from 'node:fs/promises'
import {basename} from 'node:path'

import {CliError, invalidInput} from '../errors.js'
import {readUserCsv} from '../import/csv-source.js'
import type {OrgRef, SourceItem, UserSpec} from '../import/model.js'
import {validateUser} from '../import/validate.js'
import {count} from '../output/plural.js'

// The members file of `memberships sync`: the generic import columns (`users import` reads them, `users export`
// writes them), of which only email and roles decide membership. Names, external id and metadata are used when a
// listed person has no user yet and one is created, as `users import` would. The organization column is read past:
// --org names the one organization the file describes.

/** The file is held whole to compare it with the member list: more members than this is not one organization's. */
export const MAX_MEMBERS = 100_000
/** Checked before reading a regular file; a pipe or device is stopped by the row limits of the CSV reader. */
export const MAX_MEMBERS_FILE_BYTES = 64 * 1024 * 1024
/** The most row problems an error lists; the rest are counted. */
const SHOWN_PROBLEMS = 20

export interface DesiredMember {
  /** Trimmed, as written. */
  email: string
  /** 1-based line the row starts on. */
  line: number
  /** Empty: an existing member keeps their roles, a new one gets the environment's default role. */
  roles: string[]
  /** The row as an import record placed in --org only, for creating the user or adding the membership. */
  item: SourceItem<UserSpec> & {ok: true}
}

export interface MembersFile {
  file: string
  /** By lower-cased email. */
  members: Map<string, DesiredMember>
}

export interface RowProblem {
  line: number
  message: string
}

/** One error for every bad row (exit 2), listing each with its line, before anything is sent. */
export function rowProblems(file: string, problems: RowProblem[]): CliError {
  const sorted = [...problems].sort((a, b) => a.line - b.line)
  const lines = sorted.slice(0, SHOWN_PROBLEMS).map((p) => `  ${file} line ${p.line}: ${p.message}`)
  if (sorted.length > SHOWN_PROBLEMS) lines.push(`  … and ${sorted.length - SHOWN_PROBLEMS} more`)
  return invalidInput(
    `${file} has ${count(problems.length, 'bad row')}; nothing was changed:\n${lines.join('\n')}`,
    'fix the rows and run again',
  )
}

/** Reads and checks the whole file: every bad row and duplicate email is reported together, exit 2. */
export async function readMembersFile(path: string, organization: OrgRef): Promise<MembersFile> {
  const file = basename(path)
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : 0),
    (error: NodeJS.ErrnoException) => {
      throw invalidInput(`cannot read ${path}: ${error.code ?? error.message}`, 'check the path')
    },
  )
  if (size > MAX_MEMBERS_FILE_BYTES) {
    throw invalidInput(
      `${file} is too large: ${size.toLocaleString('en-US')} bytes, at most ${MAX_MEMBERS_FILE_BYTES / 1024 / 1024} MiB`,
      'sync one organization per file',
    )
  }
  const members = new Map<string, DesiredMember>()
  const problems: RowProblem[] = []
  for await (const item of readUserCsv(path, {map: new Map(), mappable: false})) {
    const {line} = item.at
    if (members.size + problems.length >= MAX_MEMBERS) {
      throw invalidInput(`${file} holds more than ${count(MAX_MEMBERS, 'row')}`, 'sync one organization per file')
    }
    if (!item.ok) {
      problems.push({line, message: item.error.message})
      continue
    }
    const spec: UserSpec = {...item.value, memberships: []}
    const checked = validateUser(spec, organization)
    if ('error' in checked) {
      problems.push({line, message: checked.error.message})
      continue
    }
    const {email, emailKey} = checked.user
    const earlier = members.get(emailKey)
    if (earlier) {
      problems.push({line, message: `${email} is listed again (first on line ${earlier.line})`})
      continue
    }
    members.set(emailKey, {email, item: {...item, value: spec}, line, roles: [...new Set(spec.roles ?? [])]})
  }
  if (problems.length > 0) throw rowProblems(file, problems)
  return {file, members}
}
