import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import type {RoleSchema as RoleRefSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {
  PermissionSchema,
  RolePermissionSchema,
  RoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import type {MembershipRecord, PermissionRecord, RoleRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {findRoleFor} from './lookup.js'

// Role rules shared by RolesService and UserService: inheritance through `extends`, defaults, usage counts and the
// message shapes.

/** `include` of Get/List role requests: nothing, the role's own permissions, or also the inherited ones. */
export type RoleInclude = '' | 'permissions' | 'permissions:all'

/** A permission a role grants, and the role in its `extends` chain that grants it. */
export interface GrantedPermission {
  permission: PermissionRecord
  roleName: string
}

/** The role's own permissions, then those of its base, its base's base, …; each name once. */
export function effectivePermissions(store: Store, role: RoleRecord, inherited = true): GrantedPermission[] {
  const granted = new Map<string, GrantedPermission>()
  const visited = new Set<string>()
  for (let current: RoleRecord | undefined = role; current && !visited.has(current.id);) {
    visited.add(current.id)
    for (const name of current.permissions) {
      const permission = store.permissions.getBy('name', name)
      if (permission && !granted.has(name)) granted.set(name, {permission, roleName: current.name})
    }
    if (!inherited) break
    current = current.extends ? findRoleFor(store, current.extends, current.organizationId) : undefined
  }
  return [...granted.values()]
}

/** Whether `base` (or a role it extends) is `role` itself: such an `extends` would make a cycle. */
export function extendsChainReaches(store: Store, base: RoleRecord, role: RoleRecord): boolean {
  const visited = new Set<string>()
  for (let current: RoleRecord | undefined = base; current && !visited.has(current.id);) {
    if (current.id === role.id) return true
    visited.add(current.id)
    current = current.extends ? findRoleFor(store, current.extends, current.organizationId) : undefined
  }
  return false
}

/**
 * Roles whose `extends` resolves to `role`: for an organization role, that organization's roles; for an environment
 * role, any role whose own organization does not shadow it. Found through the `extends` index: every role list
 * counts the dependents of each role it answers with, and a scan of every role would make that quadratic.
 */
export function dependentRoles(store: Store, role: RoleRecord): RoleRecord[] {
  return store.roles
    .listBy('extends', role.name)
    .filter(
      (other) =>
        (!role.organizationId || other.organizationId === role.organizationId) &&
        findRoleFor(store, role.name, other.organizationId)?.id === role.id,
    )
}

/** The default member role of an organization (its own choice, else the environment's), or of the environment. */
export function defaultMemberRoleName(store: Store, organizationId?: string): string {
  const own = organizationId ? store.organizations.get(organizationId)?.defaultMemberRole : undefined
  return own ?? store.environment.defaultMemberRole
}

/**
 * Memberships that hold `role`, within `organizationId` when given. A scan: role usage is asked for by rare admin
 * calls (counts, deletes), so it is not worth an index on every membership write.
 */
export function membershipsWithRole(
  store: Store,
  role: RoleRecord,
  organizationId = role.organizationId,
): MembershipRecord[] {
  const scope = organizationId ? store.memberships.listBy('organizationId', organizationId) : store.memberships.values()
  const holders: MembershipRecord[] = []
  for (const membership of scope) {
    if (!membership.roles.includes(role.name)) continue
    // An organization role shadows the environment role of the same name inside its organization.
    if (findRoleFor(store, role.name, membership.organizationId)?.id === role.id) holders.push(membership)
  }
  return holders
}

/**
 * A RolesService role. `organizationId` is the organization the role is listed for, which decides `default_member`;
 * `include` adds the role's own (`permissions`) or also its inherited (`permissions:all`) permissions.
 */
export function toRole(
  store: Store,
  role: RoleRecord,
  include: RoleInclude = '',
  organizationId = role.organizationId,
): MessageInitShape<typeof RoleSchema> {
  const permissions = include === '' ? [] : effectivePermissions(store, role, include === 'permissions:all')
  return {
    id: role.id,
    name: role.name,
    displayName: role.displayName,
    description: role.description,
    defaultCreator: !role.organizationId && store.environment.defaultCreatorRole === role.name,
    defaultMember: defaultMemberRoleName(store, organizationId) === role.name,
    extends: role.extends,
    permissions: permissions.map(toRolePermission),
    dependentRolesCount: dependentRoles(store, role).length,
    isOrgRole: role.organizationId !== undefined,
  }
}

/** The `{id, name, display_name}` reference memberships and user-role RPCs carry. */
export function toRoleRef(role: RoleRecord): MessageInitShape<typeof RoleRefSchema> {
  return {id: role.id, name: role.name, displayName: role.displayName}
}

export function toPermission(permission: PermissionRecord): MessageInitShape<typeof PermissionSchema> {
  return {
    id: permission.id,
    name: permission.name,
    description: permission.description,
    createTime: timestampFromMs(permission.createTime),
    updateTime: timestampFromMs(permission.updateTime),
    isScalekitPermission: false,
  }
}

function toRolePermission({permission, roleName}: GrantedPermission): MessageInitShape<typeof RolePermissionSchema> {
  return {
    id: permission.id,
    name: permission.name,
    description: permission.description,
    createTime: timestampFromMs(permission.createTime),
    updateTime: timestampFromMs(permission.updateTime),
    roleName,
  }
}
