import {invalidInput} from '../../errors.js'
import {JsonRecords} from '../json-records.js'
import type {OrganizationSpec, ProviderOptions, ProviderReader, SourceItem, SourceLocation, UserSpec} from '../model.js'
import {
  given,
  isObject,
  type JsonObject,
  MembershipIndex,
  organizationRaw,
  personName,
  stringMetadata,
  text,
  toBoolean,
  userItem,
} from './mapping.js'
import {jsonItems, PasswordCount, strictRecords} from './read-records.js'
import {type FirstRecord, type SortedFile, sortFiles} from './source-files.js'

// Auth0's export job writes NDJSON; the Management API and the import/export extension write arrays, or objects
// with the list under one of these keys.
const ARRAY_KEYS = ['users', 'organizations', 'members']

const KINDS = {
  members: {holds: 'Auth0 organization members', many: true},
  organizations: {holds: 'Auth0 organizations', many: false},
  users: {holds: 'Auth0 users', many: false},
}

type Kind = keyof typeof KINDS

const HINT =
  'pass the user export (NDJSON or a JSON array of users with user_id and email), the organizations ' +
  '(a JSON list of {id, name, display_name}) and one members list per organization ' +
  '({"organization_id": "org_…", "members": [{user_id, roles}]})'

const MEMBERS_HINT =
  'wrap the list as {"organization_id": "org_…", "members": […]} (one file per organization), or add ' +
  '"organization_id" to each member record'

function identify({arrayKey, record}: FirstRecord): Kind | undefined {
  if (arrayKey === 'members') return 'members'
  if (!record) return undefined
  if ('user_id' in record) {
    return 'organization_id' in record || 'org_id' in record || 'roles' in record ? 'members' : 'users'
  }
  if (typeof record.id === 'string' && ('name' in record || 'display_name' in record) && !('email' in record)) {
    return 'organizations'
  }
  return undefined
}

export const readAuth0: ProviderReader = async (files, options) => {
  const sorted = await sortFiles(files, KINDS, identify, {arrayKeys: ARRAY_KEYS, hint: HINT})
  const organizations: SourceItem<OrganizationSpec>[] = []
  for (const {file} of sorted.organizations) {
    for await (const item of jsonItems(file, ARRAY_KEYS, new PasswordCount(), organization)) organizations.push(item)
  }
  const members = await readMembers(sorted.members)
  const passwords = new PasswordCount()
  return {
    organizations,
    passwordHashes: () => passwords.count,
    users: users(sorted.users, members, passwords, options),
  }
}

function organization(record: JsonObject, at: SourceLocation): SourceItem<OrganizationSpec> {
  const externalId = given(record.id)
  const name = text(record.name)
  const metadata = stringMetadata(record.metadata)
  if (name !== undefined) metadata.auth0_name = name
  metadata.migrated_from = 'auth0'
  const spec = {displayName: given(record.display_name) ?? name ?? externalId ?? '', domains: [], metadata}
  if (externalId === undefined) {
    const error = {code: 'missing_id', message: 'the organization has no id'}
    return {at, error, ok: false, raw: organizationRaw(spec)}
  }
  const value = {...spec, externalId}
  return {at, ok: true, raw: organizationRaw(value), value}
}

async function readMembers(files: SortedFile[]): Promise<MembershipIndex> {
  const index = new MembershipIndex()
  for (const {file} of files) {
    const records = new JsonRecords(file, {arrayKeys: ARRAY_KEYS})
    // The wrapper's organization_id may come after the list, so members without their own wait for the end.
    const waiting: Array<{line: number; roles: string[]; userId: string}> = []
    for await (const {at, record} of strictRecords(records)) {
      const userId = given(record.user_id)
      if (userId === undefined) throw invalidInput(`${file} line ${at.line}: the member has no user_id`)
      const roles = roleNames(record.roles)
      const organization = given(record.organization_id) ?? given(record.org_id)
      if (organization === undefined) waiting.push({line: at.line, roles, userId})
      else index.add(userId, {externalId: organization}, roles)
    }
    const organization = given(records.envelope.organization_id) ?? given(records.envelope.org_id)
    for (const {line, roles, userId} of waiting) {
      if (organization === undefined) {
        throw invalidInput(`${file} line ${line}: the member's organization is not known`, MEMBERS_HINT)
      }
      index.add(userId, {externalId: organization}, roles)
    }
  }
  return index
}

/** Auth0 lists roles as names or as {id, name}; Scalekit knows them by name. */
function roleNames(roles: unknown): string[] {
  if (!Array.isArray(roles)) return []
  return roles.flatMap((role) => {
    const name = isObject(role) ? given(role.name) : given(role)
    return name === undefined ? [] : [name]
  })
}

async function* users(
  files: SortedFile[],
  members: MembershipIndex,
  passwords: PasswordCount,
  options: ProviderOptions,
): AsyncGenerator<SourceItem<UserSpec>> {
  for (const {file} of files) {
    yield* jsonItems(file, ARRAY_KEYS, passwords, (record, at) => {
      const externalId = given(record.user_id)
      // Both metadata objects become the user's metadata; app_metadata is the one the application controls, so
      // it wins when both have a key.
      const metadata = stringMetadata(record.app_metadata, stringMetadata(record.user_metadata))
      metadata.migrated_from = 'auth0'
      const user = {
        email: text(record.email) ?? '',
        emailVerified: toBoolean(record.email_verified),
        externalId,
        ...personName(record.given_name, record.family_name, record.name),
        metadata,
      }
      const attribute = options.organizationAttribute
      const organizationAttribute = attribute ? attributeOf(record, attribute) : undefined
      const facts = {
        disabled: record.blocked === true,
        memberships: members.get(externalId),
        organizationAttribute,
        user,
      }
      return userItem(at, facts, 'auth0', options)
    })
  }
}

function attributeOf(record: JsonObject, name: string): unknown {
  for (const source of [record.app_metadata, record.user_metadata, record]) {
    if (isObject(source) && source[name] !== undefined) return source[name]
  }
  return undefined
}
