import type {
  MembershipSpec,
  OrganizationSpec,
  OrgRef,
  ProviderOptions,
  SourceItem,
  SourceLocation,
  UserSpec,
} from '../model.js'

export type Provider = 'auth0' | 'cognito' | 'firebase' | 'workos'

export const PROVIDER_NAMES: Record<Provider, string> = {
  auth0: 'Auth0',
  cognito: 'Cognito',
  firebase: 'Firebase',
  workos: 'WorkOS',
}

export type JsonObject = Record<string, unknown>

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A string, or a number written as one (ids are sometimes numeric); anything else is absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A non-empty string after trimming, else undefined: for optional names, where "" means "not given". */
export function given(value: unknown): string | undefined {
  const found = text(value)
  return found?.trim() ? found : undefined
}

/** true/false as JSON booleans or as the strings CSV exports write ("true", "FALSE"); anything else is unknown. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return undefined
  const word = value.trim().toLowerCase()
  return word === 'true' ? true : word === 'false' ? false : undefined
}

/**
 * "Ada Lovelace" → Ada / Lovelace; "Mary Ann Smith" → Mary / Ann Smith. Only for sources without separate name
 * fields. Auth0 fills `name` with the email address when there is no name: that is not split.
 */
export function splitName(name: unknown): {firstName?: string; lastName?: string} {
  const full = given(name)?.trim()
  if (!full || full.includes('@')) return {}
  const [firstName, ...rest] = full.split(/\s+/)
  return rest.length > 0 ? {firstName, lastName: rest.join(' ')} : {firstName}
}

/** Given and family names when the source has either, else the full name split. */
export function personName(givenName: unknown, familyName: unknown, fullName: unknown) {
  const firstName = given(givenName)
  const lastName = given(familyName)
  return firstName || lastName ? withoutUndefined({firstName, lastName}) : splitName(fullName)
}

/** Key names that hold a password, a password hash or a salt, whatever the provider calls them. */
export function isPasswordField(key: string): boolean {
  const name = key.toLowerCase().replace(/[^a-z]/g, '')
  return name.includes('password') || name.endsWith('salt') || name === 'hash'
}

/**
 * The record without password hashes and salts, at any depth (Auth0's `custom_password_hash` is an object, a
 * hash could sit inside metadata). `dropped` says whether one held a value: that is what `passwordHashes()` counts.
 */
export function withoutPasswords(value: unknown): {dropped: boolean; value: unknown} {
  if (Array.isArray(value)) {
    let dropped = false
    const items = value.map((item) => {
      const result = withoutPasswords(item)
      dropped ||= result.dropped
      return result.value
    })
    return {dropped, value: items}
  }
  if (!isObject(value)) return {dropped: false, value}
  let dropped = false
  const kept: JsonObject = {}
  for (const [key, item] of Object.entries(value)) {
    if (isPasswordField(key)) {
      dropped ||= item !== null && item !== undefined && item !== ''
      continue
    }
    const result = withoutPasswords(item)
    dropped ||= result.dropped
    kept[key] = result.value
  }
  return {dropped, value: kept}
}

/** Leaves out the fields a source did not give, so that specs and JSON reports show only what is known. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T
}

/** Provider metadata as Scalekit's string metadata: top-level keys; other values as their JSON; null left out. */
export function stringMetadata(source: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (!isObject(source)) return into
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) continue
    into[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return into
}

/** The organizations an attribute names: one id, or a list of them (a custom claim can be an array). */
export function organizationsIn(value: unknown): OrgRef[] {
  const ids = Array.isArray(value) ? value : [value]
  return ids.flatMap((id) => {
    const externalId = given(id)?.trim()
    return externalId ? [{externalId}] : []
  })
}

const orgKey = (org: OrgRef) => ('id' in org ? `id:${org.id}` : `external:${org.externalId}`)

/** Adds a membership to a list; the same organization twice merges its roles. */
function addMembership(list: MembershipSpec[], organization: OrgRef, roles: string[]): void {
  const existing = list.find((membership) => orgKey(membership.organization) === orgKey(organization))
  if (existing) existing.roles = [...new Set([...existing.roles, ...roles])]
  else list.push({organization, roles: [...new Set(roles)]})
}

/** Memberships by the source's user id, read in full before users stream. */
export class MembershipIndex {
  private readonly byUser = new Map<string, MembershipSpec[]>()

  add(userId: string, organization: OrgRef, roles: string[]): void {
    const memberships = this.byUser.get(userId) ?? []
    addMembership(memberships, organization, roles)
    this.byUser.set(userId, memberships)
  }

  get(userId: string | undefined): MembershipSpec[] {
    return (userId === undefined ? undefined : this.byUser.get(userId)) ?? []
  }
}

export interface UserFacts {
  user: Omit<UserSpec, 'memberships'>
  /** Memberships the export records for this user. */
  memberships: MembershipSpec[]
  /** The value of options.organizationAttribute on this user, when the option is set. */
  organizationAttribute?: unknown
  disabled: boolean
}

/**
 * The user as a source item: memberships from the export and from the organization attribute, else --org, else
 * none (the engine reports it); disabled users are reported as skipped unless includeDisabled.
 */
export function userItem(
  at: SourceLocation,
  facts: UserFacts,
  provider: Provider,
  options: ProviderOptions,
): SourceItem<UserSpec> {
  const memberships: MembershipSpec[] = []
  for (const {organization, roles} of facts.memberships) addMembership(memberships, organization, roles)
  for (const organization of organizationsIn(facts.organizationAttribute)) addMembership(memberships, organization, [])
  if (memberships.length === 0 && options.defaultOrganization) {
    memberships.push({organization: options.defaultOrganization, roles: []})
  }
  const user = {...withoutUndefined(facts.user), memberships} as UserSpec
  const raw = userRaw(user)
  if (facts.disabled && !options.includeDisabled) {
    const message = `the user is disabled in ${PROVIDER_NAMES[provider]}`
    return {at, error: {code: 'disabled_in_source', message, skip: true}, ok: false, raw}
  }
  return {at, ok: true, raw, value: user}
}

/** The user as the generic import columns, so that a failed row can be imported again with `skctl users import`. */
export function userRaw(user: UserSpec): Record<string, string> {
  const raw: Record<string, string> = {email: user.email}
  if (user.firstName !== undefined) raw.first_name = user.firstName
  if (user.lastName !== undefined) raw.last_name = user.lastName
  if (user.emailVerified !== undefined) raw.email_verified = String(user.emailVerified)
  if (user.externalId !== undefined) raw.external_id = user.externalId
  // One row holds one role list: with several organizations, the roles of all of them.
  const roles = [...new Set(user.memberships.flatMap((membership) => membership.roles))]
  if (roles.length > 0) raw.roles = roles.join(';')
  if (user.memberships.length > 0) {
    raw.organization = user.memberships.map(({organization}) => orgName(organization)).join(';')
  }
  for (const [key, value] of Object.entries(user.metadata)) raw[`metadata.${key}`] = value
  return raw
}

export function organizationRaw(org: Partial<OrganizationSpec>): Record<string, string> {
  const raw: Record<string, string> = {}
  if (org.externalId !== undefined) raw.external_id = org.externalId
  if (org.displayName !== undefined) raw.display_name = org.displayName
  if (org.domains && org.domains.length > 0) raw.domains = org.domains.join(';')
  for (const [key, value] of Object.entries(org.metadata ?? {})) raw[`metadata.${key}`] = value
  return raw
}

const orgName = (org: OrgRef) => ('id' in org ? org.id : org.externalId)

/** A record that parsed but is not an object: nothing in it can be mapped. */
export function notAnObject<T>(at: SourceLocation): SourceItem<T> {
  return {at, error: {code: 'invalid_record', message: 'the record is not a JSON object'}, ok: false, raw: {}}
}
