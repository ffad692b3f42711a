import type {RolesService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {notFound} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import {roleKey} from '../store/keys.js'
import type {RoleRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireOrganization, requireRole} from './lookup.js'
import {createRole, deleteRole, removeBase, updateRole} from './role-changes.js'
import {membershipsWithRole, type RoleInclude, toRole} from './role-model.js'

/**
 * An organization's own roles. Reads see them alongside the environment roles, which apply in every organization;
 * changes and deletes reach only the organization's own roles (environment roles change through the environment
 * RPCs).
 */
export const organizationRoleHandlers: ServiceHandlers<typeof RolesService> = {
  createOrganizationRole({orgId, role}, {store}) {
    requireOrganization(store, orgId)
    return {role: toRole(store, createRole(store, role!, orgId), 'permissions')}
  },

  getOrganizationRole({orgId, roleName, include}, {store}) {
    requireOrganization(store, orgId)
    return {role: toRole(store, requireRole(store, roleName, orgId), include as RoleInclude, orgId)}
  },

  listOrganizationRoles({orgId, include}, {store}) {
    requireOrganization(store, orgId)
    const roles = [...store.roles.listBy('organizationId', ''), ...store.roles.listBy('organizationId', orgId)]
    return {roles: roles.map((role) => toRole(store, role, include as RoleInclude, orgId))}
  },

  updateOrganizationRole({orgId, roleName, role}, {store}) {
    const updated = updateRole(store, requireOwnRole(store, orgId, roleName), role!)
    return {role: toRole(store, updated, 'permissions')}
  },

  deleteOrganizationRole({orgId, roleName, reassignRoleName}, {store}) {
    deleteRole(store, requireOwnRole(store, orgId, roleName), reassignRoleName)
    return {}
  },

  deleteOrganizationRoleBase({orgId, roleName}, {store}) {
    removeBase(store, requireOwnRole(store, orgId, roleName))
    return {}
  },

  getOrganizationRoleUsersCount({orgId, roleName}, {store}) {
    requireOrganization(store, orgId)
    return {count: BigInt(membershipsWithRole(store, requireRole(store, roleName, orgId), orgId).length)}
  },

  updateDefaultOrganizationRoles({orgId, defaultMemberRole}, {store}) {
    const organization = requireOrganization(store, orgId)
    const role = requireRole(store, defaultMemberRole, orgId)
    store.organizations.put({...organization, defaultMemberRole: role.name, updateTime: Date.now()})
    return {defaultMember: toRole(store, role, '', orgId)}
  },
}

function requireOwnRole(store: Store, organizationId: string, name: string): RoleRecord {
  requireOrganization(store, organizationId)
  const role = store.roles.getBy('scopedName', roleKey(name, organizationId))
  if (!role) throw notFound(`role ${name} not found`)
  return role
}
