// What every import source (the generic CSV/JSONL reader and each provider's export reader) produces, and what the
// import engine consumes. Sources only parse and map; validation (email syntax, duplicates, roles, metadata keys)
// and every API call belong to the engine.

/** An organization named by its Scalekit id or by the external id it was (or will be) created with. */
export type OrgRef = {externalId: string} | {id: string}

export interface MembershipSpec {
  organization: OrgRef
  /** Role names; empty means the environment's default role. */
  roles: string[]
}

export interface UserSpec {
  /** As found in the source, untrimmed; may be empty (the engine reports it). */
  email: string
  firstName?: string
  lastName?: string
  /** Undefined when the source does not say (imports then treat it as verified, as Scalekit documents). */
  emailVerified?: boolean
  /** The user's id in the system being migrated from. */
  externalId?: string
  /** String values only; provider objects are flattened by the source. */
  metadata: Record<string, string>
  /** Empty when the source names no organization: the engine then uses --org, or reports the row. */
  memberships: MembershipSpec[]
  /** Roles in the --org organization, for a user whose memberships are empty. */
  roles?: string[]
}

export interface OrganizationSpec {
  /** The organization's id in the system being migrated from. */
  externalId: string
  displayName: string
  metadata: Record<string, string>
  /** Domain names to add to the organization. */
  domains: string[]
}

/** Where a record came from: errors and reports point here. */
export interface SourceLocation {
  file: string
  /** 1-based line of the record's first character (a quoted newline makes records span lines). */
  line: number
  /** 1-based record number within the file, header excluded. */
  record: number
}

export interface SourceError {
  /** Stable, snake_case: `invalid_json`, `missing_email`, `field_too_large`, … */
  code: string
  message: string
  /** A deliberate skip (a user disabled in the source), reported but not counted as a failure. */
  skip?: true
}

/**
 * One record of a source: parsed, or unusable with a reason. `raw` is the record as generic import columns
 * (email, first_name, last_name, email_verified, external_id, roles, organization, metadata.<key>) so a failed
 * row can be written to retry.csv and re-imported with `skctl users import`. Password hashes and salts never
 * appear in `raw` or anywhere else.
 */
export type SourceItem<T> =
  | {at: SourceLocation; ok: false; error: SourceError; raw: Record<string, string>}
  | {at: SourceLocation; ok: true; raw: Record<string, string>; value: T}

/** A provider export, read: organizations are small and read first; users stream. */
export interface MigrationInput {
  organizations: SourceItem<OrganizationSpec>[]
  users: AsyncIterable<SourceItem<UserSpec>>
  /** How many records carried a password hash (dropped); known once `users` has been fully iterated. */
  passwordHashes(): number
}

export interface ProviderOptions {
  /** Organization for users the export does not place in one (--org). */
  defaultOrganization?: OrgRef
  /** A user attribute naming the user's organization (Cognito `custom:tenant`, a Firebase custom claim). */
  organizationAttribute?: string
  /** Import users the source marks as disabled (otherwise they are reported as skipped). */
  includeDisabled?: boolean
  /** Member lists given as `--members ORG=FILE` (Auth0): every member in FILE belongs to organization ORG. */
  members?: Array<{file: string; organization: string}>
}

/** A provider reader: the files given on the command line, in any order, sorted out by content. */
export type ProviderReader = (files: string[], options: ProviderOptions) => Promise<MigrationInput>
