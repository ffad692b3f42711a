import {parseOrganizationRef} from '../api/organizations.js'
import {invalidInput} from '../errors.js'
import type {SourceError, UserSpec} from './model.js'

// The generic import format: what `users import` reads and `users export` writes. One row per user; a user in
// several organizations lists them in `organization`, separated by ";" like `roles`.

export const USER_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'email_verified',
  'external_id',
  'roles',
  'organization',
  'metadata',
] as const

/** Columns an export adds that an import reads past without a warning. */
const INFORMATIONAL = ['id']

export const METADATA_PREFIX = 'metadata.'

const isField = (name: string) =>
  (USER_COLUMNS as readonly string[]).includes(name) ||
  (name.startsWith(METADATA_PREFIX) && name.length > METADATA_PREFIX.length)

/** `--map "E-mail=email"` values → column → field. */
export function parseColumnMap(values: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>()
  for (const value of values ?? []) {
    const at = value.lastIndexOf('=')
    const column = value.slice(0, at).trim()
    const field = value.slice(at + 1).trim()
    if (at <= 0 || !field) throw invalidInput(`--map "${value}" is not COLUMN=FIELD`, 'e.g. --map "E-mail=email"')
    if (!isField(field)) {
      throw invalidInput(`--map "${value}": ${field} is not an import field`, fieldsHint())
    }
    map.set(column, field)
  }
  return map
}

const fieldsHint = () => `fields: ${USER_COLUMNS.join(', ')} and ${METADATA_PREFIX}<key>`

/** The header's columns as fields (undefined for a column that is ignored), and the names ignored. */
export interface Header {
  fields: Array<string | undefined>
  ignored: string[]
}

/** A header name as a field: matched case-insensitively, except that a metadata key keeps its case. */
function fieldNamed(name: string): string | undefined {
  const lower = name.toLowerCase()
  const field = lower.startsWith(METADATA_PREFIX) ? METADATA_PREFIX + name.slice(METADATA_PREFIX.length) : lower
  return isField(field) ? field : undefined
}

/**
 * Resolves a header row; a header that cannot be imported (no email, a field twice) is refused before any call.
 * `mappable` says whether the command takes --map (its hints then offer it).
 */
export function resolveHeader(names: string[], map: Map<string, string>, file: string, mappable = true): Header {
  const fields: Array<string | undefined> = []
  const ignored: string[] = []
  const seen = new Map<string, number>()
  names.forEach((raw, index) => {
    const name = raw.trim()
    const field = map.get(name) ?? fieldNamed(name)
    if (!field) {
      if (!INFORMATIONAL.includes(name.toLowerCase())) ignored.push(name || `(column ${index + 1}, no name)`)
      fields.push(undefined)
      return
    }
    const earlier = seen.get(field)
    if (earlier !== undefined) {
      throw invalidInput(
        `${file}: columns ${earlier + 1} and ${index + 1} both hold ${field}`,
        `rename or remove one of them${mappable ? ' (--map COLUMN=FIELD renames)' : ''}`,
      )
    }
    seen.set(field, index)
    fields.push(field)
  })
  if (!seen.has('email')) {
    throw invalidInput(
      `${file} has no email column (columns: ${names.map((n) => n.trim()).join(', ')})`,
      mappable ? `name it email, or map it: --map "E-mail=email"; ${fieldsHint()}` : `name it email; ${fieldsHint()}`,
    )
  }
  return {fields, ignored}
}

const TRUE = new Set(['true', '1', 'yes', 'y'])
const FALSE = new Set(['false', '0', 'no', 'n'])

/**
 * Undoes the export's formula neutralisation: a value it prefixed with "'" because it began with = + - @ tab or CR
 * (so spreadsheets show it as text) comes back unprefixed, so export → import is lossless. The CSV reader applies it
 * to every cell it reads, so a row's `raw` holds values, which csvLine neutralises again when writing retry.csv.
 */
export const restoreCell = (value: string) => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value)

const splitList = (value: string | undefined) =>
  (value ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)

/** One row of generic columns → a user, or why it cannot be one. */
export function toUserSpec(row: Record<string, string>): {error: SourceError} | {user: UserSpec} {
  const value = (field: string) => row[field]
  const optional = (field: string) => value(field)?.trim() || undefined
  let emailVerified: boolean | undefined
  const verified = optional('email_verified')?.toLowerCase()
  if (verified !== undefined) {
    if (TRUE.has(verified)) emailVerified = true
    else if (FALSE.has(verified)) emailVerified = false
    else return {error: {code: 'invalid_email_verified', message: `email_verified "${verified}" is not true or false`}}
  }
  const metadata = parseMetadataCell(value('metadata'))
  if (metadata === undefined) return {error: {code: 'invalid_metadata', message: 'metadata is not a JSON object'}}
  for (const [field, cell] of Object.entries(row)) {
    if (field.startsWith(METADATA_PREFIX) && cell !== '') metadata[field.slice(METADATA_PREFIX.length)] = cell
  }
  const roles = splitList(value('roles'))
  return {
    user: {
      email: value('email') ?? '',
      emailVerified,
      externalId: optional('external_id'),
      firstName: optional('first_name'),
      lastName: optional('last_name'),
      memberships: splitList(value('organization')).map((ref) => ({organization: parseOrganizationRef(ref), roles})),
      metadata,
      roles,
    },
  }
}

/** The `metadata` column: a JSON object (non-string values kept as their JSON text); empty is none. */
function parseMetadataCell(cell: string | undefined): Record<string, string> | undefined {
  if (!cell?.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(cell)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  return Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  )
}

/** A row of generic columns (metadata.<key> cells folded into the JSON metadata column) in USER_COLUMNS order. */
export function toGenericRow(raw: Record<string, string>): string[] {
  const metadata: Record<string, string> = {}
  const folded = parseMetadataCell(raw.metadata)
  if (folded) Object.assign(metadata, folded)
  for (const [field, cell] of Object.entries(raw)) {
    if (field.startsWith(METADATA_PREFIX) && cell !== '') metadata[field.slice(METADATA_PREFIX.length)] = cell
  }
  return USER_COLUMNS.map((column) => {
    if (column === 'metadata') return Object.keys(metadata).length > 0 ? JSON.stringify(metadata) : (raw.metadata ?? '')
    return raw[column] ?? ''
  })
}
