import {invalidInput} from '../../errors.js'
import {JsonRecords} from '../json-records.js'
import type {OrganizationSpec, ProviderOptions, ProviderReader, SourceItem, SourceLocation, UserSpec} from '../model.js'
import {
  given,
  isObject,
  type JsonObject,
  MembershipIndex,
  organizationRaw,
  stringMetadata,
  text,
  toBoolean,
  userItem,
} from './mapping.js'
import {jsonItems, PasswordCount, strictRecords} from './read-records.js'
import {type FirstRecord, type SortedFile, sortFiles} from './source-files.js'

// WorkOS list endpoints answer {"data": [ … ], "list_metadata": { … }}.
const ARRAY_KEYS = ['data']

// The API pages its lists, so each kind may come as several files.
const KINDS = {
  memberships: {holds: 'WorkOS organization memberships', many: true},
  organizations: {holds: 'WorkOS organizations', many: true},
  users: {holds: 'WorkOS users', many: true},
}

type Kind = keyof typeof KINDS

const HINT =
  'pass WorkOS lists as saved from the API ({"data": […]}, a JSON array, or NDJSON): organizations, users and ' +
  'organization memberships'

const OBJECT_KINDS: Record<string, Kind> = {
  organization: 'organizations',
  organization_membership: 'memberships',
  user: 'users',
}

function identify({record}: FirstRecord): Kind | undefined {
  if (!record) return undefined
  const kind = typeof record.object === 'string' ? OBJECT_KINDS[record.object] : undefined
  if (kind) return kind
  if ('user_id' in record && 'organization_id' in record) return 'memberships'
  if ('email' in record && 'id' in record) return 'users'
  if ('name' in record && 'id' in record) return 'organizations'
  return undefined
}

export const readWorkos: ProviderReader = async (files, options) => {
  const sorted = await sortFiles(files, KINDS, identify, {arrayKeys: ARRAY_KEYS, hint: HINT})
  const organizations: SourceItem<OrganizationSpec>[] = []
  for (const {file} of sorted.organizations) {
    for await (const item of jsonItems(file, ARRAY_KEYS, new PasswordCount(), organization)) organizations.push(item)
  }
  const memberships = await readMemberships(sorted.memberships)
  const passwords = new PasswordCount()
  return {
    organizations,
    passwordHashes: () => passwords.count,
    users: users(sorted.users, memberships, passwords, options),
  }
}

/** WorkOS metadata, the WorkOS `external_id` kept as `workos_external_id` (the WorkOS id becomes the external id). */
function metadataOf(record: JsonObject): Record<string, string> {
  const metadata = stringMetadata(record.metadata)
  const externalId = given(record.external_id)
  if (externalId !== undefined) metadata.workos_external_id = externalId
  metadata.migrated_from = 'workos'
  return metadata
}

function organization(record: JsonObject, at: SourceLocation): SourceItem<OrganizationSpec> {
  const externalId = given(record.id)
  const domains = Array.isArray(record.domains)
    ? record.domains.flatMap((domain) => {
        const name = isObject(domain) ? given(domain.domain) : given(domain)
        return name === undefined ? [] : [name]
      })
    : []
  const spec = {displayName: text(record.name) ?? '', domains, metadata: metadataOf(record)}
  if (externalId === undefined) {
    const error = {code: 'missing_id', message: 'the organization has no id'}
    return {at, error, ok: false, raw: organizationRaw(spec)}
  }
  const value = {...spec, externalId}
  return {at, ok: true, raw: organizationRaw(value), value}
}

async function readMemberships(files: SortedFile[]): Promise<MembershipIndex> {
  const index = new MembershipIndex()
  for (const {file} of files) {
    for await (const {at, record} of strictRecords(new JsonRecords(file, {arrayKeys: ARRAY_KEYS}))) {
      const userId = given(record.user_id)
      const organizationId = given(record.organization_id)
      if (userId === undefined || organizationId === undefined) {
        throw invalidInput(`${file} line ${at.line}: the membership needs both user_id and organization_id`)
      }
      index.add(userId, {externalId: organizationId}, roleSlugs(record))
    }
  }
  return index
}

/** `role: {slug}` (or a bare slug), `"role.slug"` in flattened exports, and `roles: [{slug}]` where there are several. */
function roleSlugs(record: JsonObject): string[] {
  const slug = (role: unknown) => (isObject(role) ? given(role.slug) : given(role))
  const found = [slug(record.role), given(record['role.slug'])]
  if (Array.isArray(record.roles)) found.push(...record.roles.map(slug))
  return [...new Set(found.filter((role): role is string => role !== undefined))]
}

async function* users(
  files: SortedFile[],
  memberships: MembershipIndex,
  passwords: PasswordCount,
  options: ProviderOptions,
): AsyncGenerator<SourceItem<UserSpec>> {
  for (const {file} of files) {
    yield* jsonItems(file, ARRAY_KEYS, passwords, (record, at) => {
      const externalId = given(record.id)
      const attribute = options.organizationAttribute
      const facts = {
        disabled: false,
        memberships: memberships.get(externalId),
        organizationAttribute: attribute && isObject(record.metadata) ? record.metadata[attribute] : undefined,
        user: {
          email: text(record.email) ?? '',
          emailVerified: toBoolean(record.email_verified),
          externalId,
          firstName: given(record.first_name),
          lastName: given(record.last_name),
          metadata: metadataOf(record),
        },
      }
      return userItem(at, facts, 'workos', options)
    })
  }
}
