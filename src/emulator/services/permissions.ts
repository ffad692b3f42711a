import {PermissionType, type RolesService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import type {PermissionRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireEnvironmentRole} from './lookup.js'
import {paginate} from './paging.js'
import {requirePermissions} from './role-changes.js'
import {effectivePermissions, toPermission} from './role-model.js'

/** Permissions and the permissions of environment roles. Roles refer to permissions by name. */
export const permissionHandlers: ServiceHandlers<typeof RolesService> = {
  createPermission({permission}, {store}) {
    const {name, description} = permission!
    // INVALID_ARGUMENT, not ALREADY_EXISTS: Scalekit's SDK tests expect a bad request for a duplicate permission
    // (scalekit-sdk-python tests/test_permissions.py test_create_permission_duplicate_name).
    if (store.permissions.getBy('name', name)) throw invalidArgument(`permission ${name} already exists`)
    const now = Date.now()
    const record = {id: store.newId('perm'), name, description, createTime: now, updateTime: now}
    store.permissions.put(record)
    return {permission: toPermission(record)}
  },

  getPermission({permissionName}, {store}) {
    return {permission: toPermission(requirePermission(store, permissionName))}
  },

  listPermissions({pageSize, pageToken, type}, {store}) {
    // The emulator has no Scalekit-defined permissions: every permission is the environment's own.
    const filter = type === PermissionType.SCALEKIT ? () => false : undefined
    const {items, ...paging} = paginate(
      store.permissions,
      {pageSize: pageSize ?? 0, pageToken: pageToken ?? ''},
      filter,
    )
    return {...paging, permissions: items.map(toPermission)}
  },

  updatePermission({permissionName, permission}, {store}) {
    const current = requirePermission(store, permissionName)
    const {name, description} = permission!
    const taken = store.permissions.getBy('name', name)
    if (taken && taken.id !== current.id) throw invalidArgument(`permission ${name} already exists`)
    const updated = {...current, name, description, updateTime: Date.now()}
    store.batch(() => {
      store.permissions.put(updated)
      // A rename follows the permission into every role that grants it.
      if (name !== current.name) replaceInRoles(store, current.name, name)
    })
    return {permission: toPermission(updated)}
  },

  deletePermission({permissionName}, {store}) {
    const permission = requirePermission(store, permissionName)
    store.batch(() => {
      replaceInRoles(store, permission.name, undefined)
      store.permissions.delete(permission.id)
    })
    return {}
  },

  listRolePermissions({roleName}, {store}) {
    return {permissions: grantedBy(store, roleName, false)}
  },

  listEffectiveRolePermissions({roleName}, {store}) {
    return {permissions: grantedBy(store, roleName, true)}
  },

  addPermissionsToRole({roleName, permissionNames}, {store}) {
    const role = requireEnvironmentRole(store, roleName)
    const permissions = requirePermissions(store, [...role.permissions, ...permissionNames])
    store.roles.put({...role, permissions, updateTime: Date.now()})
    return {permissions: grantedBy(store, roleName, false)}
  },

  removePermissionFromRole({roleName, permissionName}, {store}) {
    const role = requireEnvironmentRole(store, roleName)
    if (!role.permissions.includes(permissionName)) {
      throw notFound(`permission ${permissionName} is not granted to role ${roleName}`)
    }
    const permissions = role.permissions.filter((name) => name !== permissionName)
    store.roles.put({...role, permissions, updateTime: Date.now()})
    return {}
  },
}

function requirePermission(store: Store, name: string): PermissionRecord {
  const permission = store.permissions.getBy('name', name)
  if (!permission) throw notFound(`permission ${name} not found`)
  return permission
}

/** The permissions an environment role grants itself, or also through the roles it extends. */
function grantedBy(store: Store, roleName: string, inherited: boolean) {
  const role = requireEnvironmentRole(store, roleName)
  return effectivePermissions(store, role, inherited).map(({permission}) => toPermission(permission))
}

/** Renames (or, without `next`, removes) a permission in every role that grants it. */
function replaceInRoles(store: Store, previous: string, next: string | undefined): void {
  const now = Date.now()
  for (const role of store.roles.values()) {
    if (!role.permissions.includes(previous)) continue
    const permissions = role.permissions.flatMap((name) => (name !== previous ? [name] : next ? [next] : []))
    store.roles.put({...role, permissions: [...new Set(permissions)], updateTime: now})
  }
}
