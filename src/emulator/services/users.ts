import {UserService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import {sendInvitation} from '../invitations/invite.js'
import {alreadyExists} from '../rpc/errors.js'
import {defineService, type ServiceHandlers} from '../rpc/service-definition.js'
import type {MembershipRecord, UserRecord} from '../store/records.js'
import {userClaim} from '../store/pinned-ids.js'
import type {Store} from '../store/store.js'
import {findUser, requireOrganization} from './lookup.js'
import {newMembership} from './membership-changes.js'
import {membershipHandlers} from './memberships.js'
import {paginate} from './paging.js'
import {applyUserChanges, newProfile} from './user-changes.js'
import {deleteUserPasskeys} from './webauthn.js'
import {toUser} from './user-messages.js'
import {userRoleHandlers} from './user-roles.js'

/** Users of the environment. Memberships and the roles they carry live in their own files and join this service. */
const userHandlers: ServiceHandlers<typeof UserService> = {
  getUser({identities}, {store}) {
    return {user: toUser(store, findUser(store, identities))}
  },

  listUsers({pageSize, pageToken}, {store}) {
    const {items, ...paging} = paginate(store.users, {pageSize, pageToken})
    return {...paging, users: items.map((user) => toUser(store, user))}
  },

  searchUsers({query, pageSize, pageToken}, {store}) {
    const matches = userMatcher(query)
    const {items, ...paging} = paginate(store.users, {pageSize, pageToken}, matches)
    return {...paging, users: items.map((user) => toUser(store, user))}
  },

  listOrganizationUsers({organizationId, pageSize, pageToken}, {store}) {
    requireOrganization(store, organizationId)
    const members = store.memberships.group('organizationId', organizationId)
    const {items, ...paging} = paginate(members, {pageSize, pageToken})
    return {...paging, users: membersAsUsers(store, items)}
  },

  searchOrganizationUsers({organizationId, query, pageSize, pageToken}, {store}) {
    requireOrganization(store, organizationId)
    const matches = userMatcher(query)
    const members = store.memberships.group('organizationId', organizationId)
    const memberMatches = (membership: MembershipRecord) => {
      const user = store.users.get(membership.userId)
      return user !== undefined && matches(user)
    }
    const {items, ...paging} = paginate(members, {pageSize, pageToken}, memberMatches)
    return {...paging, users: membersAsUsers(store, items)}
  },

  createUserAndMembership({organizationId, user: input, sendInvitationEmail}, context) {
    const {store} = context
    const organization = requireOrganization(store, organizationId)
    // protovalidate guarantees `user` and a well-formed email.
    const {email, externalId, metadata, userProfile, membership} = input!
    if (store.users.getBy('email', email.toLowerCase())) throw alreadyExists(`user with email ${email} already exists`)
    if (externalId && store.users.getBy('externalId', externalId)) {
      throw alreadyExists(`user with external_id ${externalId} already exists`)
    }
    const now = Date.now()
    const invited = sendInvitationEmail === true
    const userId = store.newId('usr', userClaim(email))
    const joined = newMembership(
      store,
      organization,
      userId,
      {
        roles: membership?.roles ?? [],
        metadata: membership?.metadata ?? {},
        inviterEmail: membership?.inviterEmail,
        sendInvitationEmail: invited,
      },
      now,
    )
    const user: UserRecord = {
      id: userId,
      email,
      ...(externalId ? {externalId} : {}),
      metadata: {...metadata},
      // Added without an invitation, the email counts as verified: Scalekit's documented import behaviour.
      profile: newProfile(store.newId('prof'), userProfile, !invited),
      createTime: now,
      updateTime: now,
    }
    store.batch(() => {
      store.users.put(user)
      store.memberships.put(joined)
    })
    if (invited) sendInvitation(context, {organization, user, membership: joined}, 'invite')
    return {user: toUser(store, user)}
  },

  updateUser({identities, user: changes}, {store}) {
    const updated = applyUserChanges(store, findUser(store, identities), changes!)
    store.users.put(updated)
    return {user: toUser(store, updated)}
  },

  deleteUser({identities}, {store}) {
    const user = findUser(store, identities)
    store.batch(() => {
      for (const membership of store.memberships.listBy('userId', user.id)) store.memberships.delete(membership.id)
      deleteUserPasskeys(store, user.id)
      store.users.delete(user.id)
    })
    return {}
  },
}

export const userService = defineService(UserService, {
  ...userHandlers,
  ...membershipHandlers,
  ...userRoleHandlers,
})

/** Case-insensitive substring match over the fields people search users by. */
function userMatcher(query: string): (user: UserRecord) => boolean {
  const needle = query.toLowerCase()
  return (user) =>
    [user.id, user.email, user.externalId, user.profile.givenName, user.profile.familyName, user.profile.name].some(
      (text) => text?.toLowerCase().includes(needle),
    )
}

function membersAsUsers(store: Store, memberships: MembershipRecord[]) {
  return memberships.flatMap((membership) => {
    const user = store.users.get(membership.userId)
    return user ? [toUser(store, user)] : []
  })
}
