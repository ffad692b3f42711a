import type {UserService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import {notFound} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import type {Store} from '../store/store.js'
import {requireMembership, requireOrganization, requireUser} from './lookup.js'
import {resolveRoles} from './membership-changes.js'
import {toRoleRef} from './role-model.js'
import {membershipPermissionNames, membershipRoles} from './user-messages.js'

/** The roles a user holds in one organization, and the permissions those roles grant. */
export const userRoleHandlers: ServiceHandlers<typeof UserService> = {
  listUserRoles({organizationId, userId}, {store}) {
    const membership = memberOf(store, organizationId, userId)
    return {roles: membershipRoles(store, membership).map(toRoleRef)}
  },

  assignUserRoles({organizationId, userId, roles: requested}, {store}) {
    const membership = memberOf(store, organizationId, userId)
    // AssignRoleRequest names a role by role_name; its id field is deprecated but still honoured.
    const references = requested.map(({roleName, id}) => ({name: roleName, id}))
    const added = resolveRoles(store, references, organizationId).map((role) => role.name)
    const updated = {...membership, roles: [...new Set([...membership.roles, ...added])], updateTime: Date.now()}
    store.memberships.put(updated)
    return {roles: membershipRoles(store, updated).map(toRoleRef)}
  },

  removeUserRole({organizationId, userId, roleName}, {store}) {
    const membership = memberOf(store, organizationId, userId)
    if (!membership.roles.includes(roleName)) {
      throw notFound(`role ${roleName} is not assigned to user ${userId} in organization ${organizationId}`)
    }
    const roles = membership.roles.filter((name) => name !== roleName)
    store.memberships.put({...membership, roles, updateTime: Date.now()})
    return {}
  },

  listUserPermissions({organizationId, userId}, {store}) {
    const membership = memberOf(store, organizationId, userId)
    const permissions = membershipPermissionNames(store, membership).flatMap((name) => {
      const permission = store.permissions.getBy('name', name)
      return permission ? [{id: permission.id, name, description: permission.description, tags: []}] : []
    })
    return {permissions}
  },
}

function memberOf(store: Store, organizationId: string, userId: string) {
  requireOrganization(store, organizationId)
  requireUser(store, userId)
  return requireMembership(store, organizationId, userId)
}
