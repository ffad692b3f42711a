import type {User} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'

import {CliError, invalidInput} from '../errors.js'
import type {Api} from './client.js'
import {mergeMetadata} from './organizations.js'
import {collect, paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'))

export interface RoleJson {
  displayName?: string
  id?: string
  name: string
}

export interface MembershipJson {
  joinTime?: string
  membershipStatus: string
  metadata: Record<string, string>
  name?: string
  organizationId: string
  roles: RoleJson[]
}

/** A user as the API returns it, in protobuf JSON form. */
export interface UserJson {
  createTime?: string
  email: string
  externalId?: string
  id: string
  memberships: MembershipJson[]
  metadata: Record<string, string>
  updateTime?: string
  userProfile?: {emailVerified?: boolean; familyName?: string; givenName?: string; name?: string}
}

/** A user argument: a Scalekit id (`usr_…`), an email, or otherwise the caller's external id. */
export type UserRef = {email: string} | {externalId: string} | {id: string}

export function parseUserRef(value: string): UserRef {
  const trimmed = value.trim()
  if (/^usr_[0-9A-Za-z]+$/.test(trimmed)) return {id: trimmed}
  if (trimmed.includes('@')) return {email: trimmed}
  return {externalId: trimmed}
}

export const describeUser = (ref: UserRef) =>
  'id' in ref ? ref.id : 'email' in ref ? `with email ${ref.email}` : `with external id ${ref.externalId}`

/** SearchUsers accepts at most 30 per page (its page_size rule). */
const SEARCH_PAGE_SIZE = 30

async function toJson(user: User | undefined): Promise<UserJson> {
  if (!user) throw new CliError('api_error', 'the API answered without a user')
  const {UserSchema} = await schemas()
  return protoJson<UserJson>(UserSchema, user)
}

/** The page shape the list and search RPCs share. */
interface UsersPage {
  nextPageToken: string
  totalSize: number
  users: User[]
}

const page = async (res: UsersPage) => ({
  items: await Promise.all(res.users.map(toJson)),
  nextPageToken: res.nextPageToken,
  totalSize: res.totalSize,
})

/** Every user of the environment, or the members of one organization. */
export function listUsers(api: Api, options: {limit?: number; organizationId?: string}): Pages<UserJson> {
  const {limit, organizationId} = options
  return paginate(async (pageToken, pageSize) => {
    const res = await api.call<UsersPage>((c) =>
      organizationId
        ? c.user.listOrganizationUsers(organizationId, {pageSize, pageToken})
        : c.user.listUsers({pageSize, pageToken}),
    )
    return page(res)
  }, limit)
}

/** Every user of the environment or of one organization, a page at a time: memory stays flat however many. */
export async function* eachUser(api: Api, options: {organizationId?: string}): AsyncGenerator<UserJson> {
  for await (const page of listUsers(api, options)) yield* page.items
}

export function searchUsers(
  api: Api,
  query: string,
  options: {limit?: number; organizationId?: string},
): Pages<UserJson> {
  const {limit, organizationId} = options
  return paginate(
    async (pageToken, pageSize) => {
      const res = await api.call<UsersPage>((c) =>
        organizationId
          ? c.user.searchOrganizationUsers(organizationId, query, pageSize, pageToken)
          : c.user.searchUsers(query, pageSize, pageToken),
      )
      return page(res)
    },
    limit,
    SEARCH_PAGE_SIZE,
  )
}

export async function getUser(api: Api, ref: UserRef): Promise<UserJson> {
  if ('email' in ref) {
    // There is no lookup by email: search for it and keep the exact (case-insensitive) match.
    const wanted = ref.email.toLowerCase()
    const {items} = await collect(searchUsers(api, ref.email, {}))
    const found = items.find((u) => u.email.toLowerCase() === wanted)
    if (!found) throw new CliError('not_found', `user with email ${ref.email} not found`, {hint: 'skctl users search'})
    return found
  }
  const res = await api.call((c) => ('id' in ref ? c.user.getUser(ref.id) : c.user.getUserByExternalId(ref.externalId)))
  return toJson(res.user)
}

/** Resolves a user argument (id, email or external id) to its Scalekit id. */
export async function resolveUserId(api: Api, value: string): Promise<string> {
  const ref = parseUserRef(value)
  return 'id' in ref ? ref.id : (await getUser(api, ref)).id
}

export interface NewUser {
  email: string
  externalId?: string
  firstName?: string
  invite: boolean
  lastName?: string
  metadata?: Record<string, string>
  roles?: string[]
}

/**
 * Creates a user and their membership of one organization in one call. Without an invitation the membership is
 * active and the email verified (as Scalekit documents for migrations); with one it is pending.
 */
export async function createUser(api: Api, organizationId: string, user: NewUser): Promise<UserJson> {
  return toJson(await createUserMessage(api, organizationId, user))
}

/** createUser without the JSON conversion: bulk imports only need the id, and skip that cost per row. */
export async function createUserMessage(api: Api, organizationId: string, user: NewUser): Promise<User> {
  // Through the generated RPC: the SDK's wrapper drops the names (it sets fields CreateUserProfile lacks) and roles.
  const res = await api
    .rpc<unknown, {user?: User}>((c) => c.user, 'createUserAndMembership', {
      organizationId,
      sendInvitationEmail: user.invite,
      user: {
        email: user.email,
        externalId: user.externalId,
        membership: {metadata: {}, roles: (user.roles ?? []).map((name) => ({name}))},
        metadata: user.metadata ?? {},
        userProfile: {familyName: user.lastName ?? '', givenName: user.firstName ?? ''},
      },
    })
    .catch((error: CliError) => {
      throw error.code === 'already_exists'
        ? new CliError('already_exists', error.message, {hint: `skctl users get --email ${user.email}`})
        : error
    })
  if (!res.user) throw new CliError('api_error', 'the API answered without a user')
  return res.user
}

export interface UserChanges {
  externalId?: string
  firstName?: string
  lastName?: string
  metadata?: Record<string, string>
}

/** Updates only the fields given; metadata is merged into the user's, a key given an empty value is removed. */
export async function updateUser(api: Api, ref: UserRef, changes: UserChanges): Promise<UserJson> {
  const current = await getUser(api, ref)
  const res = await api.rpc<unknown, {user?: User}>((c) => c.user, 'updateUser', {
    identities: {case: 'id', value: current.id},
    user: {
      externalId: changes.externalId,
      metadata: changes.metadata ? mergeMetadata(current.metadata, changes.metadata) : {},
      userProfile: {familyName: changes.lastName, givenName: changes.firstName},
    },
  })
  return toJson(res.user)
}

export async function deleteUser(api: Api, ref: UserRef): Promise<{id: string}> {
  const id = 'id' in ref ? ref.id : (await getUser(api, ref)).id
  await api.call((c) => c.user.deleteUser(id))
  return {id}
}

export function assertEmail(email: string): string {
  const trimmed = email.trim()
  // The server's rule is stricter; this catches the obvious before any call.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) throw invalidInput(`"${email}" is not a valid email address`)
  return trimmed
}
