import type {JsonObject} from '@bufbuild/protobuf'

import {GROUP_SCHEMA, USER_SCHEMA} from '../shared/scim.js'
import {invalidInput} from '../errors.js'
import {count} from '../output/plural.js'
import {csvRowsFromText} from '../import/csv-rows.js'
import {type DesiredGroup, type DesiredState, type DesiredUser, nameKey} from './model.js'

// One row per user: `userName` (required), `givenName`, `familyName`, `email`, `active`, `groups` (";"-separated
// display names) and `externalId`, matched without regard to case.

export const PUSH_COLUMNS = ['userName', 'givenName', 'familyName', 'email', 'active', 'groups', 'externalId'] as const
type Column = (typeof PUSH_COLUMNS)[number]

const TRUE = new Set(['true', '1', 'yes', 'y'])
const FALSE = new Set(['false', '0', 'no', 'n'])
const EMAIL = /^[^\s@]+@[^\s@]+$/

interface Row {
  cells: string[]
  line: number
}

/**
 * Reads a push CSV (BOM, CRLF/LF/CR, quoted commas, quotes and newlines handled). A header that cannot be pushed
 * is invalid input (exit 2) before anything is sent; a row that cannot be pushed is a problem carrying its line.
 */
export function readPushCsv(text: string, file: string): DesiredState {
  const rows: Row[] = csvRowsFromText(text, file).map(({fields, line}) => ({cells: fields, line}))
  const header = rows.shift()
  if (!header)
    throw invalidInput(`${file} is empty`, `the first line must name the columns, e.g. ${PUSH_COLUMNS.join(',')}`)
  const columns = resolveHeader(header.cells, file)
  const state: DesiredState = {format: 'csv', users: [], groups: [], problems: [], named: new Set()}
  const lineOf = new Map<string, number>()
  const groups = new Map<string, DesiredGroup>()
  for (const row of rows) {
    const at = `line ${row.line}`
    const cell = (column: Column) => {
      const index = columns.get(column)
      return index === undefined ? '' : (row.cells[index] ?? '').trim()
    }
    const userName = cell('userName')
    if (userName) state.named.add(nameKey(userName))
    const problem = (message: string) => state.problems.push({at, type: 'user', name: userName, message})
    const extra = row.cells.slice(header.cells.length).some((c) => c.trim() !== '')
    if (row.cells.length < header.cells.length || extra) {
      problem(`the row has ${count(row.cells.length, 'field')}; the header has ${header.cells.length}`)
      continue
    }
    if (!userName) {
      problem('userName is empty')
      continue
    }
    const earlier = lineOf.get(nameKey(userName))
    if (earlier !== undefined) {
      problem(`userName ${userName} is also on line ${earlier}`)
      continue
    }
    lineOf.set(nameKey(userName), row.line)
    // The row's groups are synced even when the row itself fails, so that its group still loses the members that
    // other rows no longer list (a member whose row failed is left as it is).
    for (const name of splitGroups(cell('groups'))) {
      const group = groups.get(nameKey(name)) ?? newGroup(at, name)
      group.members.push({userName})
      groups.set(nameKey(name), group)
    }
    const active = parseActive(cell('active'))
    if (active === undefined) problem(`active "${cell('active')}" is not true or false`)
    else state.users.push(toUser(at, userName, active, cell))
  }
  state.groups = [...groups.values()]
  return state
}

function toUser(at: string, userName: string, active: boolean, cell: (column: Column) => string): DesiredUser {
  const resource: JsonObject = {schemas: [USER_SCHEMA], userName}
  const name: JsonObject = {}
  if (cell('givenName')) name.givenName = cell('givenName')
  if (cell('familyName')) name.familyName = cell('familyName')
  if (Object.keys(name).length > 0) resource.name = name
  const email = cell('email') || (EMAIL.test(userName) ? userName : '')
  if (email) resource.emails = [{value: email, type: 'work', primary: true}]
  if (cell('externalId')) resource.externalId = cell('externalId')
  return {at, userName, active, resource}
}

function newGroup(at: string, displayName: string): DesiredGroup {
  return {at, displayName, members: [], resource: {schemas: [GROUP_SCHEMA], displayName}}
}

/** Empty means active: a user listed in the file is assigned to the application. */
function parseActive(value: string): boolean | undefined {
  const lower = value.toLowerCase()
  if (lower === '' || TRUE.has(lower)) return true
  return FALSE.has(lower) ? false : undefined
}

/** The `groups` cell: display names separated by ";", each once. */
function splitGroups(value: string): string[] {
  const names = new Map<string, string>()
  for (const name of value.split(';').map((n) => n.trim())) {
    if (name && !names.has(nameKey(name))) names.set(nameKey(name), name)
  }
  return [...names.values()]
}

/** Column name → index; an unknown, unnamed or repeated column, or no userName, is refused before any request. */
function resolveHeader(cells: string[], file: string): Map<Column, number> {
  const columns = new Map<Column, number>()
  const hint = `columns: ${PUSH_COLUMNS.join(', ')} (userName is required)`
  cells.forEach((raw, index) => {
    const name = raw.trim()
    const column = PUSH_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase())
    if (!column) {
      const what = name ? `has an unknown column "${name}"` : `has a column without a name (column ${index + 1})`
      throw invalidInput(`${file} ${what}`, hint)
    }
    const earlier = columns.get(column)
    if (earlier !== undefined) {
      throw invalidInput(`${file}: columns ${earlier + 1} and ${index + 1} both hold ${column}`, hint)
    }
    columns.set(column, index)
  })
  if (!columns.has('userName')) {
    throw invalidInput(`${file} has no userName column (columns: ${cells.map((c) => c.trim()).join(', ')})`, hint)
  }
  return columns
}
