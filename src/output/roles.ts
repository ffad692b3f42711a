import type {RoleAssignmentResult} from '../api/role-assignments.js'
import type {RoleJson} from '../api/roles.js'
import type {Column} from './table.js'

/** `creator` / `member`: which new users get the role by default. */
const defaultFor = (role: RoleJson) =>
  [role.defaultCreator && 'creator', role.defaultMember && 'member'].filter(Boolean).join(', ')

export const roleColumns: Column<RoleJson>[] = [
  {header: 'NAME', value: (r) => r.name},
  {header: 'DISPLAY NAME', value: (r) => r.displayName},
  {header: 'EXTENDS', value: (r) => r.extends},
  {header: 'DEFAULT FOR', value: defaultFor},
  {header: 'DESCRIPTION', value: (r) => r.description},
]

export function roleRecord(role: RoleJson): Array<[string, string | number | undefined]> {
  const permissions = role.permissions
    .map((p) => (p.roleName && p.roleName !== role.name ? `${p.name} (from ${p.roleName})` : p.name))
    .join(', ')
  return [
    ['name', role.name],
    ['id', role.id],
    ['display name', role.displayName],
    ['description', role.description],
    ['extends', role.extends],
    ['scope', role.isOrgRole ? 'organization' : 'environment'],
    ['default for', defaultFor(role)],
    ['permissions', permissions],
    ['dependent roles', role.dependentRolesCount || undefined],
  ]
}

export function assignmentRecord(result: RoleAssignmentResult): Array<[string, string]> {
  return [
    ['user', result.userId],
    ['organization', result.organizationId],
    ['roles', result.roles.map((r) => r.name).join(', ')],
  ]
}
