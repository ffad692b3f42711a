import type {ProviderOptions, ProviderReader, SourceItem, SourceLocation, UserSpec} from '../model.js'
import {csvRows} from '../csv-rows.js'
import {given, isObject, isPasswordField, personName, text, toBoolean, userItem} from './mapping.js'
import {jsonItems, PasswordCount} from './read-records.js'
import {type FirstRecord, type SortedFile, sortFiles} from './source-files.js'

// `aws cognito-idp list-users` prints {"Users": [ … ]}.
const ARRAY_KEYS = ['Users']
// The user-import CSV (from `aws cognito-idp get-csv-header`) names this column; list-users calls it Username.
const USERNAME_COLUMN = 'cognito:username'
const CUSTOM = 'custom:'

const KINDS = {users: {holds: 'Cognito users', many: false}}

const HINT =
  'pass the output of `aws cognito-idp list-users --user-pool-id …` (JSON) or a user-import CSV with a ' +
  `${USERNAME_COLUMN} column`

function identify({record, row}: FirstRecord): 'users' | undefined {
  if (row) return row.includes(USERNAME_COLUMN) ? 'users' : undefined
  return record && 'Username' in record ? 'users' : undefined
}

export const readCognito: ProviderReader = async (files, options) => {
  const sorted = await sortFiles(files, KINDS, identify, {arrayKeys: ARRAY_KEYS, hint: HINT})
  const passwords = new PasswordCount()
  return {organizations: [], passwordHashes: () => passwords.count, users: users(sorted.users, passwords, options)}
}

interface CognitoUser {
  attributes: Record<string, string>
  username: string | undefined
  disabled: boolean
}

async function* users(
  files: SortedFile[],
  passwords: PasswordCount,
  options: ProviderOptions,
): AsyncGenerator<SourceItem<UserSpec>> {
  for (const {file, format} of files) {
    if (format === 'json') {
      yield* jsonItems(file, ARRAY_KEYS, passwords, (record, at) => {
        // list-users says Attributes, admin-get-user says UserAttributes.
        const list = record.Attributes ?? record.UserAttributes
        const pairs = Array.isArray(list)
          ? list.filter(isObject).map((item) => [text(item.Name), text(item.Value)])
          : []
        const cognitoUser = {
          attributes: attributes(pairs, () => passwords.found(at)),
          disabled: record.Enabled === false,
          username: given(record.Username),
        }
        return user(cognitoUser, at, options)
      })
      continue
    }
    let header: string[] | undefined
    for await (const {fields, line, row} of csvRows(file)) {
      if (!header) {
        header = fields.map((name) => name.trim())
        continue
      }
      // Rows are numbered after the header.
      const at = {file, line, record: row - 1}
      const values = attributes(
        header.map((name, column) => [name, fields[column]]),
        () => passwords.found(at),
      )
      const cognitoUser = {attributes: values, disabled: false, username: values[USERNAME_COLUMN]}
      yield user(cognitoUser, at, options)
    }
  }
}

/** Name → value, without empty values and without anything named like a password (counted, never kept). */
function attributes(pairs: Array<Array<string | undefined>>, passwordFound: () => void): Record<string, string> {
  const found: Record<string, string> = {}
  for (const [name, value] of pairs) {
    if (!name || value === undefined || value === '') continue
    if (isPasswordField(name)) passwordFound()
    else found[name] = value
  }
  return found
}

function user({attributes, disabled, username}: CognitoUser, at: SourceLocation, options: ProviderOptions) {
  const sub = given(attributes.sub)
  const metadata: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(CUSTOM)) metadata[name.slice(CUSTOM.length)] = value
  }
  // With the sub as external id, the username is the other name the old user pool knew the user by.
  if (sub !== undefined && username !== undefined && username !== sub) metadata.cognito_username = username
  metadata.migrated_from = 'cognito'
  const attribute = options.organizationAttribute
  const facts = {
    disabled,
    memberships: [],
    organizationAttribute: attribute ? (attributes[attribute] ?? attributes[CUSTOM + attribute]) : undefined,
    user: {
      email: attributes.email ?? '',
      emailVerified: toBoolean(attributes.email_verified),
      externalId: sub ?? username,
      ...personName(attributes.given_name, attributes.family_name, attributes.name),
      metadata,
    },
  }
  return userItem(at, facts, 'cognito', options)
}
