import type {
  CreateUserProfile,
  UpdateUser,
  UpdateUserProfile,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import {alreadyExists} from '../rpc/errors.js'
import type {UserProfileRecord, UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

/** Optional profile strings: an empty value in an update clears the field. */
const PROFILE_TEXT = ['name', 'locale', 'phoneNumber', 'preferredUsername', 'picture', 'gender'] as const

export function newProfile(
  id: string,
  input: CreateUserProfile | undefined,
  emailVerified: boolean,
): UserProfileRecord {
  const profile: UserProfileRecord = {
    id,
    emailVerified,
    metadata: {...input?.metadata},
    customAttributes: {...input?.customAttributes},
    groups: [...(input?.groups ?? [])],
  }
  // first_name/last_name are deprecated aliases of given_name/family_name; the SDK still sends only those.
  setText(profile, 'givenName', input?.givenName || input?.firstName)
  setText(profile, 'familyName', input?.familyName || input?.lastName)
  for (const key of PROFILE_TEXT) setText(profile, key, input?.[key])
  return profile
}

/** Applies the fields an UpdateUser sets; maps and lists replace the stored ones when non-empty. */
export function applyUserChanges(store: Store, user: UserRecord, changes: UpdateUser): UserRecord {
  const updated: UserRecord = {...user, profile: applyProfileChanges(user.profile, changes.userProfile)}
  if (changes.externalId !== undefined) {
    const owner = changes.externalId ? store.users.getBy('externalId', changes.externalId) : undefined
    if (owner && owner.id !== user.id) throw alreadyExists(`user with external_id ${changes.externalId} already exists`)
    setText(updated, 'externalId', changes.externalId)
  }
  if (Object.keys(changes.metadata).length > 0) updated.metadata = {...changes.metadata}
  updated.updateTime = Date.now()
  return updated
}

function applyProfileChanges(profile: UserProfileRecord, changes: UpdateUserProfile | undefined): UserProfileRecord {
  if (!changes) return profile
  const updated = {...profile}
  const givenName = changes.givenName ?? changes.firstName
  const familyName = changes.familyName ?? changes.lastName
  if (givenName !== undefined) setText(updated, 'givenName', givenName)
  if (familyName !== undefined) setText(updated, 'familyName', familyName)
  for (const key of PROFILE_TEXT) if (changes[key] !== undefined) setText(updated, key, changes[key])
  if (Object.keys(changes.metadata).length > 0) updated.metadata = {...changes.metadata}
  if (Object.keys(changes.customAttributes).length > 0) updated.customAttributes = {...changes.customAttributes}
  if (changes.groups.length > 0) updated.groups = [...changes.groups]
  return updated
}

/** Sets a non-empty value, or removes the key so stored records hold no empty strings. */
function setText<T extends object, K extends keyof T>(target: T, key: K, value: string | undefined): void {
  if (value) target[key] = value as T[K]
  else delete target[key]
}
