import {MAX_EXTERNAL_ID} from '../input.js'
import type {MembershipSpec, OrgRef, SourceError, UserSpec} from './model.js'

/** A user that passed every check that needs no API call. */
export interface ValidUser {
  /** Trimmed, as written (the case the user chose is kept). */
  email: string
  /** What duplicates are judged by: trimmed and lower-cased. */
  emailKey: string
  emailVerified: boolean
  externalId?: string
  firstName?: string
  lastName?: string
  memberships: MembershipSpec[]
  metadata: Record<string, string>
}

// The WHATWG "valid email address" production (what browsers accept in <input type=email>).
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/
const ROLE = /^[a-zA-Z0-9_]{1,64}$/
// Scalekit's metadata rule (the descriptors' map key constraint).
const METADATA_KEY_MIN = 3
const METADATA_KEY_MAX = 25
const MAX_EMAIL = 320
const MAX_NAME = 255

const fail = (code: string, message: string): {error: SourceError} => ({error: {code, message}})

/**
 * Checks a user the way the API would, before any call, so a bad row costs nothing and a dry run reports it.
 * A user the source placed in no organization goes to `defaultOrganization` (--org) with the row's roles.
 */
export function validateUser(user: UserSpec, defaultOrganization?: OrgRef): {error: SourceError} | {user: ValidUser} {
  const email = user.email.trim()
  if (!email) return fail('missing_email', 'email is empty')
  if (email.length > MAX_EMAIL || !EMAIL.test(email))
    return fail('invalid_email', `"${email}" is not a valid email address`)
  if (user.externalId !== undefined && user.externalId.length > MAX_EXTERNAL_ID) {
    return fail('invalid_external_id', `external_id is longer than ${MAX_EXTERNAL_ID} characters`)
  }
  for (const [field, value] of [
    ['first_name', user.firstName],
    ['last_name', user.lastName],
  ] as const) {
    if (value !== undefined && value.length > MAX_NAME)
      return fail('invalid_name', `${field} is longer than ${MAX_NAME} characters`)
  }
  for (const key of Object.keys(user.metadata)) {
    if (key.length < METADATA_KEY_MIN || key.length > METADATA_KEY_MAX) {
      return fail(
        'invalid_metadata',
        `metadata key "${key}" must be ${METADATA_KEY_MIN} to ${METADATA_KEY_MAX} characters long`,
      )
    }
  }
  const memberships =
    user.memberships.length > 0
      ? user.memberships
      : defaultOrganization
        ? [{organization: defaultOrganization, roles: user.roles ?? []}]
        : []
  if (memberships.length === 0) {
    return fail('missing_organization', 'the row names no organization; add an organization column or pass --org')
  }
  for (const {roles} of memberships) {
    const bad = roles.find((role) => !ROLE.test(role))
    if (bad !== undefined) return fail('invalid_role', `role "${bad}" is not a valid role name (letters, digits, "_")`)
  }
  return {
    user: {
      email,
      emailKey: email.toLowerCase(),
      // Scalekit documents imported users (added without an invitation) as verified unless the source says not.
      emailVerified: user.emailVerified ?? true,
      externalId: user.externalId,
      firstName: user.firstName,
      lastName: user.lastName,
      memberships,
      metadata: user.metadata,
    },
  }
}
