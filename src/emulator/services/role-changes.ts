import {failedPrecondition, invalidArgument, notFound} from '../rpc/errors.js'
import type {RoleRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {requireRole} from './lookup.js'
import {dependentRoles, extendsChainReaches, membershipsWithRole} from './role-model.js'

// Creating, changing and deleting roles, for environment and organization roles alike (RolesService).

export interface RoleInput {
  name: string
  displayName: string
  description?: string
  extends?: string
  permissions: string[]
}

export interface RoleChanges {
  displayName?: string
  description?: string
  extends?: string
  permissions: string[]
}

/**
 * A new role, environment-wide or of `organizationId`. A name is taken when an environment role or a role of the
 * same organization has it; an environment role also may not take a name some organization already uses, because
 * inside that organization the two would be indistinguishable.
 */
export function createRole(store: Store, input: RoleInput, organizationId?: string): RoleRecord {
  const sameName = store.roles.listBy('name', input.name)
  if (sameName.some((role) => !organizationId || !role.organizationId || role.organizationId === organizationId)) {
    // INVALID_ARGUMENT, not ALREADY_EXISTS: Scalekit's own SDK tests expect a bad request for a duplicate role name
    // (scalekit-sdk-python tests/test_roles.py test_role_name_uniqueness: ScalekitBadRequestException).
    throw invalidArgument(`role ${input.name} already exists`)
  }
  const now = Date.now()
  const role: RoleRecord = {
    id: store.newId('role'),
    name: input.name,
    displayName: input.displayName,
    description: input.description ?? '',
    permissions: requirePermissions(store, input.permissions),
    ...(organizationId ? {organizationId} : {}),
    createTime: now,
    updateTime: now,
  }
  if (input.extends) role.extends = requireBase(store, role, input.extends).name
  store.roles.put(role)
  return role
}

/** Applies the fields that are set; a non-empty permission list replaces the role's permissions. */
export function updateRole(store: Store, role: RoleRecord, changes: RoleChanges): RoleRecord {
  const updated: RoleRecord = {...role, updateTime: Date.now()}
  if (changes.displayName !== undefined) updated.displayName = changes.displayName
  if (changes.description !== undefined) updated.description = changes.description
  if (changes.extends !== undefined) updated.extends = requireBase(store, role, changes.extends).name
  if (changes.permissions.length > 0) updated.permissions = requirePermissions(store, changes.permissions)
  store.roles.put(updated)
  return updated
}

export function removeBase(store: Store, role: RoleRecord): void {
  if (role.extends === undefined) return
  const {extends: _base, ...rest} = role
  store.roles.put({...rest, updateTime: Date.now()})
}

/** The message Scalekit answers (INVALID_ARGUMENT) for a role in use deleted without a reassignment role. */
export const ROLE_IN_USE = 'role cannot be deleted as it is assigned to users'

/**
 * Deletes a role that is no environment default and no other role's base. Its holders move to `reassignTo`, which
 * is required when the role is in use so that no member is left with a dangling role. An organization whose default
 * member role it was falls back to the environment's default.
 */
export function deleteRole(store: Store, role: RoleRecord, reassignTo: string | undefined): void {
  assertNotEnvironmentDefault(store, role)
  const dependents = dependentRoles(store, role)
  if (dependents.length > 0) {
    const names = dependents.map((dependent) => dependent.name).join(', ')
    throw failedPrecondition(`role ${role.name} is the base of ${names}; remove their base role first`)
  }
  const holders = membershipsWithRole(store, role)
  let target: RoleRecord | undefined
  if (holders.length > 0) {
    // Scalekit's SDK tests expect exactly this bad request (scalekit-sdk-python tests/test_roles.py
    // test_delete_role_with_reassignment); DeleteRole's reassign_role_name then moves the holders.
    if (!reassignTo) throw invalidArgument(ROLE_IN_USE)
    target = requireRole(store, reassignTo, role.organizationId)
    if (target.id === role.id) throw invalidArgument(`cannot reassign the users of role ${role.name} to itself`)
  }
  const now = Date.now()
  store.batch(() => {
    for (const membership of holders) {
      const roles = membership.roles.filter((name) => name !== role.name)
      if (!roles.includes(target!.name)) roles.push(target!.name)
      store.memberships.put({...membership, roles, updateTime: now})
    }
    clearOrganizationDefaults(store, role, now)
    store.roles.delete(role.id)
  })
}

function assertNotEnvironmentDefault(store: Store, role: RoleRecord): void {
  const {defaultCreatorRole, defaultMemberRole} = store.environment
  if (!role.organizationId && (role.name === defaultCreatorRole || role.name === defaultMemberRole)) {
    throw failedPrecondition(
      `role ${role.name} is a default role of the environment; make another role the default first`,
    )
  }
}

/**
 * Deleting an organization's default member role succeeds: Scalekit's SDK tests make an organization role the
 * default member role and then delete it in their cleanup, failing on any error but NOT_FOUND (scalekit-sdk-python
 * tests/test_org_roles.py test_update_default_organization_roles). The organization falls back to the environment's
 * default member role. No organization has a role named like an environment role, so the name alone says which
 * role an organization's default is.
 */
function clearOrganizationDefaults(store: Store, role: RoleRecord, now: number): void {
  const organizations = role.organizationId
    ? [store.organizations.get(role.organizationId)]
    : [...store.organizations.values()]
  for (const organization of organizations) {
    if (organization?.defaultMemberRole !== role.name) continue
    const {defaultMemberRole: _cleared, ...rest} = organization
    store.organizations.put({...rest, updateTime: now})
  }
}

/** The base a role may extend: a role visible to it (its organization's or the environment's), without a cycle. */
function requireBase(store: Store, role: RoleRecord, baseName: string): RoleRecord {
  const base = requireRole(store, baseName, role.organizationId)
  if (extendsChainReaches(store, base, role)) {
    throw invalidArgument(`role ${role.name} cannot extend ${baseName}: roles may not extend themselves`)
  }
  return base
}

/** The permission names, each of which must exist, without repeats. */
export function requirePermissions(store: Store, names: readonly string[]): string[] {
  for (const name of names) {
    if (!store.permissions.getBy('name', name)) throw notFound(`permission ${name} not found`)
  }
  return [...new Set(names)]
}
