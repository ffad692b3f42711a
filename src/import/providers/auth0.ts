import {basename} from 'node:path'

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

// Auth0 has no members export: people save `auth0 orgs members list ORG --json` (an array of {user_id, email, name,
// picture, roles?}) once per organization, or build a map {"org_…": [members]}. A map is one JSON value, read whole.
const MAX_MEMBERS_MAP = 256 * 1024 * 1024

const MEMBER_SHAPES =
  'members are accepted as: a file named after its organization (org_abc123.json or members-org_abc123.json, e.g. ' +
  'saved from `auth0 orgs members list org_abc123 --json`); --members org_abc123=FILE; a map ' +
  '{"org_abc123": [members], …}; {"organization_id": "org_abc123", "members": [members]}; or member records that ' +
  'carry "organization_id"'

const HINT =
  'pass the user export (NDJSON or a JSON array of users with user_id and email), the organizations ' +
  `(a JSON list of {id, name, display_name}) and the organization members; ${MEMBER_SHAPES}`

/** The Auth0 organization a file is named after: `org_abc123.json`, `members-org_abc123.json`. */
export function organizationInName(file: string): string | undefined {
  return /(?:^|[^A-Za-z0-9])(org_[A-Za-z0-9]+)(?:[^A-Za-z0-9]|$)/.exec(basename(file).replace(/\.[^.]*$/, ''))?.[1]
}

/** `{"org_…": [members], …}`: every key an organization id, every value a list. */
const isMemberMap = (record: JsonObject) => {
  const entries = Object.entries(record)
  return entries.length > 0 && entries.every(([key, value]) => /^org_[A-Za-z0-9]+$/.test(key) && Array.isArray(value))
}

function identify({arrayKey, file, record}: FirstRecord): Kind | undefined {
  if (arrayKey === 'members') return 'members'
  if (!record) return undefined
  if (isMemberMap(record)) return 'members'
  if ('user_id' in record) {
    const placed = 'organization_id' in record || 'org_id' in record || 'roles' in record
    return placed || organizationInName(file) ? 'members' : 'users'
  }
  if (typeof record.id === 'string' && ('name' in record || 'display_name' in record) && !('email' in record)) {
    return 'organizations'
  }
  return undefined
}

export const readAuth0: ProviderReader = async (files, options) => {
  const sorted = await sortFiles(files, KINDS, identify, {
    arrayKeys: ARRAY_KEYS,
    hint: HINT,
    maxRecordSize: MAX_MEMBERS_MAP,
  })
  const organizations: SourceItem<OrganizationSpec>[] = []
  for (const {file} of sorted.organizations) {
    for await (const item of jsonItems(file, ARRAY_KEYS, new PasswordCount(), organization)) organizations.push(item)
  }
  const members = await readMembers([
    ...sorted.members.map(({file}) => ({file, organization: organizationInName(file)})),
    ...(options.members ?? []),
  ])
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

/** Reads every members file; `organization` is what members without their own belong to (file name, --members). */
async function readMembers(files: Array<{file: string; organization?: string}>): Promise<MembershipIndex> {
  const index = new MembershipIndex()
  for (const {file, organization: placedBy} of files) {
    const records = new JsonRecords(file, {arrayKeys: ARRAY_KEYS, maxRecordSize: MAX_MEMBERS_MAP})
    // The wrapper's organization_id may come after the list, so members without their own wait for the end.
    const waiting: Array<{line: number; roles: string[]; userId: string}> = []
    const member = (record: JsonObject, line: number) => {
      const userId = given(record.user_id)
      if (userId === undefined) throw invalidInput(`${file} line ${line}: the member has no user_id`, MEMBER_SHAPES)
      return {roles: roleNames(record.roles), userId}
    }
    for await (const {at, record} of strictRecords(records)) {
      if (isMemberMap(record)) {
        for (const [organization, list] of Object.entries(record)) {
          for (const entry of list as unknown[]) {
            if (!isObject(entry)) throw invalidInput(`${file} line ${at.line}: a member is not a JSON object`)
            const {roles, userId} = member(entry, at.line)
            index.add(userId, {externalId: organization}, roles)
          }
        }
        continue
      }
      const {roles, userId} = member(record, at.line)
      const organization = given(record.organization_id) ?? given(record.org_id)
      if (organization === undefined) waiting.push({line: at.line, roles, userId})
      else index.add(userId, {externalId: organization}, roles)
    }
    const organization = given(records.envelope.organization_id) ?? given(records.envelope.org_id) ?? placedBy
    for (const {line, roles, userId} of waiting) {
      if (organization === undefined) {
        throw invalidInput(`${file} line ${line}: the member's organization is not known`, MEMBER_SHAPES)
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
