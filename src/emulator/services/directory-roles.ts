import {entryValues, sameJson} from '../../shared/scim.js'
import {membershipId} from '../store/keys.js'
import type {DirectoryRecord, DirectoryUserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {groupsOf} from './directory-state.js'
import {defaultMemberRoleName} from './role-model.js'

/*
 * Group-based role assignment, as Scalekit documents it (docs.scalekit.com, "directory/guides/
 * group-based-role-assignment"): "Users receive role assignments based on the groups they belong to", "Users can
 * belong to multiple groups and may receive multiple roles", and "Users who don't belong to any specific group
 * receive [the default] role". The `organization.directory.user_updated` payload "includes a role property ...
 * based on the role information you configured". So a provisioned user's roles are the mapped roles of its groups,
 * or the organization's default member role when none of its groups is mapped.
 *
 * A directory user is linked to the organization member with the same email (case-insensitive): the emulator
 * does not create organization users from SCIM pushes; it keeps the membership's roles in step with the groups.
 */

/** Names of the roles `user`'s groups are mapped to, in mapping order, once each. */
export function mappedRoles(store: Store, directory: DirectoryRecord | undefined, user: DirectoryUserRecord): string[] {
  if (!directory?.roleAssignments?.length) return []
  const groups = new Set(groupsOf(store, user).map((group) => group.id))
  const names = directory.roleAssignments
    .filter((assignment) => groups.has(assignment.groupId))
    .map((assignment) => assignment.roleName)
  return [...new Set(names)]
}

/**
 * Sets the roles of every directory user's organization membership from the directory's group mappings. A
 * directory without mappings leaves memberships alone (their roles are managed through the API) unless `always`:
 * the mappings were just cleared, so their roles fall back to the default.
 */
export function applyGroupRoles(store: Store, directory: DirectoryRecord, always = false): void {
  if (!always && (directory.roleAssignments ?? []).length === 0) return
  const now = Date.now()
  for (const user of store.directoryUsers.listBy('directoryId', directory.id)) {
    const email = entryValues(user.resource, 'emails')[0]
    const member = email === undefined ? undefined : store.users.getBy('email', email.toLowerCase())
    const membership = member && store.memberships.get(membershipId(directory.organizationId, member.id))
    if (!membership) continue
    const mapped = mappedRoles(store, directory, user)
    const roles = mapped.length > 0 ? mapped : [defaultMemberRoleName(store, directory.organizationId)]
    if (!sameJson(roles, membership.roles)) store.memberships.put({...membership, roles, updateTime: now})
  }
}
