import {RolesService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {notFound} from '../rpc/errors.js'
import {defineService, type ServiceHandlers} from '../rpc/service-definition.js'
import type {Store} from '../store/store.js'
import {requireEnvironmentRole} from './lookup.js'
import {organizationRoleHandlers} from './organization-roles.js'
import {permissionHandlers} from './permissions.js'
import {createRole, deleteRole, removeBase, updateRole} from './role-changes.js'
import {dependentRoles, membershipsWithRole, type RoleInclude, toRole} from './role-model.js'

/** Environment roles; organization roles and permissions live in their own files and join this one service. */
const environmentRoleHandlers: ServiceHandlers<typeof RolesService> = {
  createRole({role}, {store}) {
    // protovalidate guarantees `role` with a valid name and display name.
    return {role: toRole(store, createRole(store, role!), 'permissions')}
  },

  getRole({roleName, include}, {store}) {
    return {role: toRole(store, requireEnvironmentRole(store, roleName), include as RoleInclude)}
  },

  listRoles({include}, {store}) {
    const roles = store.roles.listBy('organizationId', '')
    return {roles: roles.map((role) => toRole(store, role, include as RoleInclude))}
  },

  updateRole({roleName, role}, {store}) {
    const updated = updateRole(store, requireEnvironmentRole(store, roleName), role!)
    return {role: toRole(store, updated, 'permissions')}
  },

  deleteRole({roleName, reassignRoleName, reassignRoleId}, {store}) {
    const role = requireEnvironmentRole(store, roleName)
    const reassignTo = reassignRoleName ?? (reassignRoleId && roleNameOfId(store, reassignRoleId))
    deleteRole(store, role, reassignTo || undefined)
    return {}
  },

  deleteRoleBase({roleName}, {store}) {
    removeBase(store, requireEnvironmentRole(store, roleName))
    return {}
  },

  getRoleUsersCount({roleName}, {store}) {
    return {count: BigInt(membershipsWithRole(store, requireEnvironmentRole(store, roleName)).length)}
  },

  listDependentRoles({roleName}, {store}) {
    const roles = dependentRoles(store, requireEnvironmentRole(store, roleName))
    return {roles: roles.map((role) => toRole(store, role))}
  },

  updateDefaultRoles(request, {store}) {
    const creator = request.defaultCreatorRole || request.defaultCreator?.name || idName(store, request.defaultCreator)
    const member = request.defaultMemberRole || request.defaultMember?.name || idName(store, request.defaultMember)
    const environment = {...store.environment}
    if (creator) environment.defaultCreatorRole = requireEnvironmentRole(store, creator).name
    if (member) environment.defaultMemberRole = requireEnvironmentRole(store, member).name
    store.environments.put(environment)
    return {
      defaultCreator: toRole(store, requireEnvironmentRole(store, environment.defaultCreatorRole)),
      defaultMember: toRole(store, requireEnvironmentRole(store, environment.defaultMemberRole)),
    }
  },
}

export const rolesService = defineService(RolesService, {
  ...environmentRoleHandlers,
  ...organizationRoleHandlers,
  ...permissionHandlers,
})

function roleNameOfId(store: Store, id: string): string {
  const role = store.roles.get(id)
  if (!role || role.organizationId) throw notFound(`role ${id} not found`)
  return role.name
}

/** UpdateDefaultRole names a role by name or by id. */
function idName(store: Store, reference: {id: string} | undefined): string | undefined {
  return reference?.id ? roleNameOfId(store, reference.id) : undefined
}
