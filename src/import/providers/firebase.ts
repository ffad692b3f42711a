import type {ProviderOptions, ProviderReader, SourceItem, SourceLocation, UserSpec} from '../model.js'
import {csvRows} from '../csv-rows.js'
import {given, isObject, type JsonObject, splitName, stringMetadata, text, toBoolean, userItem} from './mapping.js'
import {jsonItems, PasswordCount} from './read-records.js'
import {type FirstRecord, type SortedFile, sortFiles} from './source-files.js'

// `firebase auth:export users.json` writes {"users": [ … ]}.
const ARRAY_KEYS = ['users']

// `firebase auth:export users.csv` writes no header. The column order is documented under "File format > CSV" at
// https://firebase.google.com/docs/cli/auth: 1 UID, 2 Email, 3 Email Verified, 4 Password Hash, 5 Password Salt,
// 6 Name, 7 Photo URL, 8–23 the Google, Facebook, Twitter and GitHub ID / email / display name / photo URL,
// 24 User Creation Time, 25 Last Sign-In Time, 26 Phone Number. The exporter (firebase-tools,
// src/accountExporter.ts) goes on with 27 Disabled and 28 Custom Attributes (the claims as JSON), then a comma.
const CSV = {customAttributes: 27, disabled: 26, email: 1, emailVerified: 2, hash: 3, name: 5, salt: 4, uid: 0}
const CSV_MIN_COLUMNS = 23

const KINDS = {users: {holds: 'Firebase users', many: false}}

const HINT = 'pass the file written by `firebase auth:export users.json` (or users.csv)'

function identify({record, row}: FirstRecord): 'users' | undefined {
  // The CSV has no header: it is known by its column count and a true/false Email Verified column.
  const fits = row
    ? row.length >= CSV_MIN_COLUMNS && toBoolean(row[CSV.emailVerified] || 'false') !== undefined
    : record !== undefined && 'localId' in record
  return fits ? 'users' : undefined
}

export const readFirebase: ProviderReader = async (files, options) => {
  const sorted = await sortFiles(files, KINDS, identify, {arrayKeys: ARRAY_KEYS, hint: HINT})
  const passwords = new PasswordCount()
  return {organizations: [], passwordHashes: () => passwords.count, users: users(sorted.users, passwords, options)}
}

async function* users(
  files: SortedFile[],
  passwords: PasswordCount,
  options: ProviderOptions,
): AsyncGenerator<SourceItem<UserSpec>> {
  const map = (record: JsonObject, at: SourceLocation) => user(record, at, options)
  for (const {file, format} of files) {
    if (format === 'json') {
      yield* jsonItems(file, ARRAY_KEYS, passwords, map)
      continue
    }
    for await (const {fields, line, row} of csvRows(file)) {
      const at = {file, line, record: row}
      // The hash and salt columns are read only to be counted.
      if (fields[CSV.hash] || fields[CSV.salt]) passwords.found(at)
      const record = {
        customAttributes: fields[CSV.customAttributes],
        disabled: fields[CSV.disabled],
        displayName: fields[CSV.name],
        email: fields[CSV.email],
        emailVerified: fields[CSV.emailVerified],
        localId: fields[CSV.uid],
      }
      yield map(record, at)
    }
  }
}

function user(record: JsonObject, at: SourceLocation, options: ProviderOptions): SourceItem<UserSpec> {
  const claims = customClaims(record.customAttributes)
  const metadata = isObject(claims) ? stringMetadata(claims) : {}
  if (typeof claims === 'string') metadata.custom_attributes = claims
  metadata.migrated_from = 'firebase'
  const attribute = options.organizationAttribute
  const facts = {
    // Both formats write the flag as true/false (JSON booleans or CSV text).
    disabled: toBoolean(record.disabled) === true,
    memberships: [],
    organizationAttribute: attribute && isObject(claims) ? claims[attribute] : undefined,
    user: {
      email: text(record.email) ?? '',
      emailVerified: toBoolean(record.emailVerified),
      externalId: given(record.localId),
      // Firebase keeps one display name.
      ...splitName(record.displayName),
      metadata,
    },
  }
  return userItem(at, facts, 'firebase', options)
}

/** Custom claims are stored as a JSON string; one that does not parse is kept as it is. */
function customClaims(value: unknown): JsonObject | string | undefined {
  if (isObject(value)) return value
  const claims = given(value)
  if (claims === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(claims)
    return isObject(parsed) ? parsed : claims
  } catch {
    return claims
  }
}
